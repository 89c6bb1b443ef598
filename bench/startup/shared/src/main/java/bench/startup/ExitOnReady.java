package bench.startup;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.util.function.Consumer;

/**
 * Ends the process as soon as the application is ready: {@code System.exit(0)} on
 * {@link ApplicationReadyEvent} (shutdown hooks run, as on any exit). The same listener in all three
 * applications.
 *
 * <p>{@code -Dbench.startup.check=true} first calls the annotated method once and prints whether the
 * service is behind an AOP proxy, so that the harness can tell the annotation is applied (not in timed runs).
 */
final class ExitOnReady implements ApplicationListener<ApplicationReadyEvent> {

    private final Consumer<ApplicationReadyEvent> beforeExit;

    /** @param beforeExit what to do before exiting (the analysis writes its files), or null */
    ExitOnReady(Consumer<ApplicationReadyEvent> beforeExit) {
        this.beforeExit = beforeExit;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (Boolean.getBoolean("bench.startup.check")) {
            DatabaseService service = event.getApplicationContext().getBean(DatabaseService.class);
            System.out.println("bench-startup-check: proxied=" + AopUtils.isAopProxy(service)
                + " class=" + service.getClass().getName() + " call=" + service.find(42));
        }
        if (beforeExit != null) {
            beforeExit.accept(event);
        }
        System.exit(0);
    }
}
