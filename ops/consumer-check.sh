#!/usr/bin/env bash
# Publishing check: deploys every published artifact to a staging repository in a temporary folder,
# then builds ops/consumer (an application outside the reactor that imports circuit-bom and names no
# circuit version) on each Boot line with a fresh local repository, so that circuit's artifacts can only
# come from the staging folder. It catches what a reactor build hides: a test dependency leaking into a
# published POM, a missing optional, a wrong scope, an artifact not deployed.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
STAGING="$WORK/staging"

mvn -B -q deploy -DskipTests -DaltDeploymentRepository="staging::file://$STAGING"

for artifact in circuit-parent circuit-bom circuit-core circuit-kotlin circuit-spring circuit-spring-boot-starter circuit-spring-boot3-starter; do
  [ -d "$STAGING/dev/circuit/$artifact" ] || { echo "consumer-check: $artifact was not deployed" >&2; exit 1; }
done
for artifact in circuit-core circuit-kotlin circuit-spring circuit-spring-boot-starter circuit-spring-boot3-starter; do
  for kind in sources javadoc; do
    ls "$STAGING/dev/circuit/$artifact"/*/"$artifact"-*-"$kind".jar > /dev/null 2>&1 \
      || { echo "consumer-check: $artifact has no $kind jar" >&2; exit 1; }
  done
done
for artifact in sample-app circuit-benchmarks; do
  [ ! -d "$STAGING/dev/circuit/$artifact" ] || { echo "consumer-check: $artifact must not be published" >&2; exit 1; }
done

cat > "$WORK/settings.xml" <<SETTINGS
<settings>
  <profiles>
    <profile>
      <id>staging</id>
      <repositories>
        <repository>
          <id>staging</id>
          <url>file://$STAGING</url>
          <snapshots><enabled>true</enabled></snapshots>
        </repository>
      </repositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>staging</activeProfile></activeProfiles>
</settings>
SETTINGS

consumer() {
  mvn -B -q -f ops/consumer/pom.xml -s "$WORK/settings.xml" -Dmaven.repo.local="$WORK/m2" "$@" clean verify
}
consumer -Dspring-boot.version=4.1.2 -Dcircuit.starter=circuit-spring-boot-starter
echo "consumer-check: Boot 4.1.2 with circuit-spring-boot-starter from the staging repository: passed"
consumer -Dspring-boot.version=3.5.7 -Dcircuit.starter=circuit-spring-boot3-starter
echo "consumer-check: Boot 3.5.7 with circuit-spring-boot3-starter from the staging repository: passed"
