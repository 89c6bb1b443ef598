package bench.startup;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.springframework.stereotype.Service;

/** The application's one service, with its one method behind a breaker named "database". */
@Service
public class DatabaseService {

    @CircuitBreaker(name = "database")
    public String find(int id) {
        return "row " + id;
    }
}
