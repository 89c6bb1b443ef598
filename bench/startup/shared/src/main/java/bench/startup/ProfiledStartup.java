package bench.startup;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.StartupStep;
import org.springframework.util.ClassUtils;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Analysis only (bench/startup/analyse), never in timed runs: the same application, started with
 * <ul>
 * <li>an {@link ApplicationStartup} (like Boot's {@code BufferingApplicationStartup}) whose steps (each
 *     bean's instantiation, each {@code SmartInitializingSingleton}, the configuration-class parsing that
 *     evaluates conditions, ...) are written to {@code DIR/steps.tsv};</li>
 * <li>every {@link BeanPostProcessor} wrapped in a timing proxy once they are all registered, the time
 *     each spends written to {@code DIR/post-processors.tsv}, and per bean to
 *     {@code DIR/post-processors-by-bean.tsv};</li>
 * <li>the CPU time until ready, of the main thread and of the process, in {@code DIR/totals.tsv}.</li>
 * </ul>
 * Times are CPU time of the thread doing the work (waiting for a CPU on a loaded machine does not
 * count), with the wall time of steps beside. Steps and post-processor calls nest: each has a total and a
 * self time (the total less the steps and post-processor calls nested in it), so that a bean's self time
 * is its own constructor and factory work, and a post-processor's self time excludes the beans it
 * causes to be created.
 * Run as {@code java -Dloader.main=bench.startup.ProfiledStartup -Dbench.startup.out=DIR
 * -cp APP.jar org.springframework.boot.loader.launch.PropertiesLauncher}.
 */
public final class ProfiledStartup {

    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private ProfiledStartup() {
    }

    public static void main(String[] args) {
        Path out = Path.of(System.getProperty("bench.startup.out", "."));
        SpringApplication application = new SpringApplication(StartupBench.class);
        CpuTimeStartup startup = new CpuTimeStartup();
        application.setApplicationStartup(startup);
        application.setApplicationContextFactory(type -> new TimedContext());
        application.addListeners(new ExitOnReady(event -> {
            writeTotals(out.resolve("totals.tsv"));
            startup.write(out.resolve("steps.tsv"));
            TimedContext.write(out.resolve("post-processors.tsv"));
        }));
        application.run(args);
    }

    /** A timed piece of work on one thread: a start-up step or a post-processor call. */
    static final class Frame {
        private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

        final Frame parent = CURRENT.get();
        final long cpuStart = CPU.getCurrentThreadCpuTime();
        final long wallStart = System.nanoTime();
        long nested;
        long cpu;
        long wall;

        Frame() {
            CURRENT.set(this);
        }

        /** Ends this frame: its total goes to the frame it is nested in. */
        void end() {
            cpu = CPU.getCurrentThreadCpuTime() - cpuStart;
            wall = System.nanoTime() - wallStart;
            if (CURRENT.get() == this) {
                CURRENT.set(parent);
            }
            if (parent != null) {
                parent.nested += cpu;
            }
        }

        long self() {
            return cpu - nested;
        }
    }

    /** CPU time until ready: of the main thread (the critical path), and of the whole process (JIT and GC included). */
    private static void writeTotals(Path file) {
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        try {
            Files.writeString(file, "main_thread_cpu_nanos\t" + CPU.getCurrentThreadCpuTime() + "\nprocess_cpu_nanos\t" + process
                + "\nuptime_nanos\t" + ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000 + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The servlet context of a Boot application, with its post-processors timed. */
    static final class TimedContext extends AnnotationConfigServletWebServerApplicationContext {

        private static final Map<String, long[]> TIMES = new LinkedHashMap<>(); // name -> {calls, total, self}
        private static final Map<String, long[]> BY_BEAN = new LinkedHashMap<>(); // name + bean -> the same
        /**
         * Type predictions: called some 30,000 times, each a cache look-up in the post-processors that
         * have them; timing them would cost more than they do (the same in every application).
         */
        private static final java.util.Set<String> UNTIMED = java.util.Set.of("predictBeanType", "determineBeanType");

        @Override
        protected void registerBeanPostProcessors(ConfigurableListableBeanFactory beanFactory) {
            super.registerBeanPostProcessors(beanFactory);
            List<BeanPostProcessor> processors = ((AbstractBeanFactory) beanFactory).getBeanPostProcessors();
            for (int i = 0; i < processors.size(); i++) {
                processors.set(i, timed(processors.get(i)));
            }
        }

        private static BeanPostProcessor timed(BeanPostProcessor target) {
            String name = target.getClass().getName();
            Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(target.getClass(), target.getClass().getClassLoader());
            InvocationHandler handler = (proxy, method, args) -> invoke(name, target, method, args);
            return (BeanPostProcessor) Proxy.newProxyInstance(ProfiledStartup.class.getClassLoader(), interfaces, handler);
        }

        private static Object invoke(String name, Object target, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class || UNTIMED.contains(method.getName())) {
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            Frame frame = new Frame();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                frame.end();
                String key = name + "#" + method.getName();
                record(TIMES, key, frame);
                if (args != null && args.length > 1 && args[1] instanceof String bean) {
                    record(BY_BEAN, key + "\t" + bean, frame);
                }
            }
        }

        private static synchronized void record(Map<String, long[]> map, String key, Frame frame) {
            long[] times = map.computeIfAbsent(key, k -> new long[3]);
            times[0]++;
            times[1] += frame.cpu;
            times[2] += frame.self();
        }

        /** Writes the totals per post-processor method to FILE, and per bean too to FILE-by-bean.tsv. */
        static synchronized void write(Path file) {
            write(file, "post-processor#method", TIMES);
            write(Path.of(file.toString().replace(".tsv", "-by-bean.tsv")), "post-processor#method\tbean", BY_BEAN);
        }

        private static void write(Path file, String header, Map<String, long[]> times) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                out.println(header + "\tcalls\tinclusive_nanos\texclusive_nanos");
                times.forEach((name, t) -> out.println(name + "\t" + t[0] + "\t" + t[1] + "\t" + t[2]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Spring's start-up steps, each a {@link Frame}. */
    static final class CpuTimeStartup implements ApplicationStartup {

        private final AtomicLong ids = new AtomicLong();
        private final ThreadLocal<Step> current = new ThreadLocal<>();
        private final List<Step> ended = Collections.synchronizedList(new ArrayList<>());

        @Override
        public StartupStep start(String name) {
            Step parent = current.get();
            Step step = new Step(ids.getAndIncrement(), parent, name);
            current.set(step);
            return step;
        }

        void write(Path file) {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
                out.println("id\tparent\tname\tnanos\tself_nanos\twall_nanos\ttags");
                synchronized (ended) {
                    for (Step step : ended) {
                        StringBuilder tags = new StringBuilder();
                        for (StartupStep.Tag tag : step.tags) {
                            if (!tags.isEmpty()) {
                                tags.append(' ');
                            }
                            tags.append(tag.getKey()).append('=').append(tag.getValue().replace('\t', ' ').replace('\n', ' '));
                        }
                        out.println(step.id + "\t" + step.getParentId() + "\t" + step.name + "\t" + step.frame.cpu + "\t"
                            + step.frame.self() + "\t" + step.frame.wall + "\t" + tags);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private final class Step implements StartupStep {
            final long id;
            final Step parent;
            final String name;
            final List<StartupStep.Tag> tags = new ArrayList<>();
            final Frame frame = new Frame();

            Step(long id, Step parent, String name) {
                this.id = id;
                this.parent = parent;
                this.name = name;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public long getId() {
                return id;
            }

            @Override
            public Long getParentId() {
                return parent == null ? null : parent.id;
            }

            @Override
            public StartupStep tag(String key, String value) {
                tags.add(new StartupStep.Tag() {
                    @Override
                    public String getKey() {
                        return key;
                    }

                    @Override
                    public String getValue() {
                        return String.valueOf(value);
                    }
                });
                return this;
            }

            @Override
            public StartupStep tag(String key, Supplier<String> value) {
                return tag(key, value.get());
            }

            @Override
            public StartupStep.Tags getTags() {
                return tags::iterator;
            }

            @Override
            public void end() {
                frame.end();
                if (current.get() == this) {
                    current.set(parent);
                }
                ended.add(this);
            }
        }
    }
}
