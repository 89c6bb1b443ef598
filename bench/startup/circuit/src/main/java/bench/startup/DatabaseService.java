package bench.startup;

import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.stereotype.Service;

/** The application's one service, with its one method behind a breaker named "database". */
@Service
public class DatabaseService {

    @CircuitProtected("database")
    public String find(int id) {
        return "row " + id;
    }
}
