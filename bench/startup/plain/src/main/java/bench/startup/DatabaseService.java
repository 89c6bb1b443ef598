package bench.startup;

import org.springframework.stereotype.Service;

/** The application's one service, with its one method (unprotected: the baseline). */
@Service
public class DatabaseService {

    public String find(int id) {
        return "row " + id;
    }
}
