package dev.circuit.kotlin

import dev.circuit.core.CircuitBreakerRegistry
import dev.circuit.spring.annotation.CircuitProtected
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.boot.SpringBootConfiguration
import org.springframework.boot.WebApplicationType
import org.springframework.boot.autoconfigure.EnableAutoConfiguration
import org.springframework.boot.builder.SpringApplicationBuilder
import org.springframework.context.support.GenericApplicationContext
import org.springframework.stereotype.Service
import java.io.File
import java.net.URLClassLoader
import java.nio.file.Path

/**
 * A Kotlin application without kotlinx-coroutines-reactor (the jar removed from its class path): plain
 * functions are protected as in Java, and a protected `suspend fun` stops start-up saying what to add, instead
 * of going unprotected.
 */
class WithoutCoroutinesReactorTest {

    @Service
    class Plain {
        @CircuitProtected("database")
        fun find(): String = "found"
    }

    @Service
    class Suspending {
        @CircuitProtected("database")
        suspend fun find(): String = "found"
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    class App {
        companion object {
            /** Starts the application with one bean of the named class; what its `find()` answers, or why it failed. */
            @JvmStatic
            fun start(beanClass: String): String {
                val type = Class.forName(beanClass, true, Thread.currentThread().contextClassLoader)
                return try {
                    SpringApplicationBuilder(App::class.java).web(WebApplicationType.NONE)
                        .properties("spring.main.banner-mode=off")
                        .initializers({ context -> (context as GenericApplicationContext).registerBean(type, *emptyArray<Any?>()) })
                        .run().use { context ->
                            val bean = context.getBean(type)
                            if (!beanClass.endsWith("Plain")) return "started"
                            val found = type.getMethod("find").invoke(bean) as String
                            val breaker = context.getBean(CircuitBreakerRegistry::class.java).find("database").orElseThrow()
                            "$found, ${breaker.snapshot().successes()} success recorded"
                        }
                } catch (failure: Exception) {
                    generateSequence<Throwable>(failure) { it.cause }.last().message ?: failure.toString()
                }
            }
        }
    }

    private fun startWithoutCoroutinesReactor(beanClass: Class<*>): String {
        val classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
            .split(File.pathSeparator)
        val kept = classPath.filterNot { Path.of(it).fileName.toString().startsWith("kotlinx-coroutines-reactor") }
        assertThat(kept).hasSizeLessThan(classPath.size)
        val thread = Thread.currentThread()
        val previous = thread.contextClassLoader
        URLClassLoader(kept.map { Path.of(it).toUri().toURL() }.toTypedArray(), ClassLoader.getPlatformClassLoader()).use { loader ->
            thread.contextClassLoader = loader
            try {
                assertThat(loader.getResource("kotlinx/coroutines/reactor/MonoKt.class")).isNull()
                return loader.loadClass(App::class.java.name).getMethod("start", String::class.java)
                    .invoke(null, beanClass.name) as String
            } finally {
                thread.contextClassLoader = previous
            }
        }
    }

    @Test
    fun `plain functions are protected and a suspend function stops start-up naming what to add`() {
        assertThat(startWithoutCoroutinesReactor(Plain::class.java)).isEqualTo("found, 1 success recorded")
        assertThat(startWithoutCoroutinesReactor(Suspending::class.java))
            .contains("add org.jetbrains.kotlinx:kotlinx-coroutines-reactor to the application")
    }
}
