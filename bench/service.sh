# Sourced by the bench scripts: builds the jar, and picks a fresh database for a run.
#   build_jar                  sets $jar to the freshly packaged service
#   fresh_datasource DB NAME   sets the array $datasource for h2 (target/NAME-db) or postgres (database NAME, recreated)
#   wait_healthy PORT          waits until /actuator/health answers (up to 90 s)
#   packaged_jar               sets $jar to target's service jar, packaging it only when there is none
#   start_service PORT LOG ARG...  starts $jar with the production JVM settings (-Xmx1g, javacpp maxbytes 1g and
#                              maxphysicalbytes 2500m, oneDNN natives) and ARGs, sets $svc to its pid, waits for health
build_jar() {
  mvn -q -B -DskipTests package
  jar=$(ls target/initaudit-*.jar | grep -v plain | head -n 1)
}

fresh_datasource() {
  local db=$1 name=$2
  rm -rf "target/$name-db"
  if [ "$db" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $name" -c "create database $name" 2>&1 | grep -v NOTICE || true
    datasource=(--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$name --spring.datasource.username=postgres)
  else
    datasource=(--spring.datasource.url="jdbc:h2:file:./target/$name-db/initaudit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH${H2_OPTIONS:-}")
  fi
}

wait_healthy() {
  for _ in $(seq 1 90); do curl -sf "localhost:$1/actuator/health" >/dev/null && return 0; sleep 1; done
  echo "the service on port $1 did not become healthy" >&2
  return 1
}

packaged_jar() {
  jar=$(ls target/initaudit-*.jar 2>/dev/null | grep -v -e original -e plain | head -n 1 || true)
  [ -n "$jar" ] || build_jar
}

start_service() {
  local port=$1 log=$2
  shift 2
  java -Xmx1g -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.bytedeco.javacpp.maxbytes=1g \
    -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m -jar "$jar" --server.port="$port" "$@" > "$log" 2>&1 &
  svc=$!
  wait_healthy "$port"
}
