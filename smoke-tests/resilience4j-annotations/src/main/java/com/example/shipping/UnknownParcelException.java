package com.example.shipping;

/** The carrier does not know the parcel: a business answer, not an outage (ignored by the breaker). */
public class UnknownParcelException extends RuntimeException {

    public UnknownParcelException(String parcel) {
        super("unknown parcel " + parcel);
    }
}
