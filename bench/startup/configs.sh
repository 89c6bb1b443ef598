# The configurations that bench/startup/run and bench/startup/analyse start, as what follows
# `java [JAVA_OPTS]`. Sourced by both (bash). a, b and c are the three applications as built; the others
# are variants for attribution, made with properties and launcher options only (no change to circuit),
# (b-no-weaver, an application without the AspectJ starter circuit used to bring, is gone: circuit brings none now).

aspectjweaver() { # the AspectJ weaver that (b) and (c) bring, from the local repository (for a+aspectj)
  local version
  version=$(unzip -l circuit/target/startup-circuit.jar | grep -o 'aspectjweaver-[0-9.]*\.jar' | head -1 | sed 's/aspectjweaver-//; s/\.jar$//')
  echo "$HOME/.m2/repository/org/aspectj/aspectjweaver/$version/aspectjweaver-$version.jar"
}

pkg=dev.circuit.spring.boot
# every circuit auto-configuration but the core (CircuitAutoConfiguration) and the annotation (CircuitAopAutoConfiguration)
not_core=$pkg.autoconfigure.CircuitMetricsAutoConfiguration,$pkg.autoconfigure.CircuitAlertsAutoConfiguration,$pkg.autoconfigure.CircuitRecoveryProbeAutoConfiguration,$pkg.autoconfigure.CircuitEndpointAutoConfiguration,$pkg.autoconfigure.CircuitHealthAutoConfiguration,$pkg.autoconfigure.CircuitSpringCloudAutoConfiguration,$pkg.autoconfigure.CircuitHttpClientAutoConfiguration,$pkg.autoconfigure.CircuitClusterAutoConfiguration,$pkg.resilience4j.CircuitResilience4jAutoConfiguration
# the predefined breakers off, the one the method names configured instead
own_database="--circuit.predefined-breakers=false --circuit.breakers.database.failure-threshold=5"

# config: its jar, launcher arguments ("-jar JAR" or "-cp JAR PropertiesLauncher"), application arguments.
# b-saved is (b) as built earlier, to compare two builds of circuit: copy circuit/target/startup-circuit.jar
# to target/saved/ before installing the other circuit and rebuilding.
declare -A CONFIG_JAR=(
  [a]=plain/target/startup-plain.jar [a+aspectj]=plain/target/startup-plain.jar
  [c]=resilience4j/target/startup-resilience4j.jar
  [b]=circuit/target/startup-circuit.jar [b-r4j-off]=circuit/target/startup-circuit.jar
  [b-predefined-off]=circuit/target/startup-circuit.jar [b-metrics-off]=circuit/target/startup-circuit.jar
  [b-health-off]=circuit/target/startup-circuit.jar [b-lean]=circuit/target/startup-circuit.jar
  [b-saved]=target/saved/startup-circuit.jar
)
declare -A CONFIG_JVM=(
  [a+aspectj]="-Dloader.path=$(aspectjweaver 2>/dev/null)"
)
declare -A CONFIG_ARGS=(
  [b-r4j-off]="--circuit.resilience4j.enabled=false"
  [b-predefined-off]="$own_database"
  [b-metrics-off]="--spring.autoconfigure.exclude=$pkg.autoconfigure.CircuitMetricsAutoConfiguration"
  [b-health-off]="--management.health.circuitbreakers.enabled=false"
  [b-lean]="$own_database --spring.autoconfigure.exclude=$not_core"
)
declare -A CONFIG_WHAT=(
  [a]="plain Boot: webmvc, actuator, Prometheus, one @Service"
  [b]="(a) + circuit-spring-boot-starter, @CircuitProtected(\"database\")"
  [c]="(a) + resilience4j-spring-boot4 + spring-boot-starter-aspectj, @CircuitBreaker(name = \"database\")"
  [a+aspectj]="(a) with aspectjweaver on the class path (what circuit's starter brings): Boot's AspectJ auto-proxying"
  [b-r4j-off]="(b) with circuit.resilience4j.enabled=false"
  [b-predefined-off]="(b) with circuit.predefined-breakers=false and circuit.breakers.database configured"
  [b-metrics-off]="(b) without CircuitMetricsAutoConfiguration"
  [b-health-off]="(b) with management.health.circuitbreakers.enabled=false"
  [b-lean]="(b) with only CircuitAutoConfiguration and CircuitAopAutoConfiguration, predefined breakers off"
  [b-saved]="(b) as saved in target/saved/startup-circuit.jar (an earlier circuit build)"
)

# the arguments after `java [JAVA_OPTS]` of a timed run of CONFIG (the application's own main class)
timed_command() {
  local c=$1 jar="${CONFIG_JAR[$1]}"
  if [ -n "${CONFIG_JVM[$c]:-}" ]; then
    echo "${CONFIG_JVM[$c]} -cp $jar org.springframework.boot.loader.launch.PropertiesLauncher ${CONFIG_ARGS[$c]:-}"
  else
    echo "-jar $jar ${CONFIG_ARGS[$c]:-}"
  fi
}

# the same, started through bench.startup.ProfiledStartup, writing into DIR
profiled_command() {
  local c=$1 dir=$2 jar="${CONFIG_JAR[$1]}"
  echo "${CONFIG_JVM[$c]:-} -Dloader.main=bench.startup.ProfiledStartup -Dbench.startup.out=$dir -cp $jar org.springframework.boot.loader.launch.PropertiesLauncher ${CONFIG_ARGS[$c]:-}"
}
