package bench.startup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The main class of all three benchmark applications (the same source is compiled into each, see the
 * poms' build-helper execution): starts the application and exits as soon as it is ready. Nothing else:
 * the analysis tools live in {@link ProfiledStartup}, a separate main class that timed runs never load.
 */
@SpringBootApplication
public class StartupBench {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(StartupBench.class);
        application.addListeners(new ExitOnReady(null));
        application.run(args);
    }
}
