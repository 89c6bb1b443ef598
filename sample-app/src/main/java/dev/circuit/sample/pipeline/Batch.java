package dev.circuit.sample.pipeline;

import java.util.List;

/**
 * A batch of records pulled from the source.
 *
 * @param records the records
 */
public record Batch(List<SourceRecord> records) {

    /**
     * One record.
     *
     * @param id    its id at the source
     * @param value its measured value, never negative in good data
     */
    public record SourceRecord(String id, int value) {

        /** @return whether the record is good to load */
        public boolean isValid() {
            return id != null && !id.isBlank() && value >= 0;
        }
    }

    /** @return whether every record is good to load; one bad record spoils the batch */
    public boolean isValid() {
        return records != null && records.stream().allMatch(SourceRecord::isValid);
    }
}
