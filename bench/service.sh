# Sourced by the bench scripts: builds the jar, and picks a fresh database for a run.
#   build_jar                  sets $jar to the freshly packaged service
#   fresh_datasource DB NAME   sets the array $datasource for h2 (target/NAME-db) or postgres (database NAME, recreated)
#   wait_healthy PORT          waits until /actuator/health answers (up to 90 s)
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
