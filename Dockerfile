# syntax=docker/dockerfile:1
# InitAudit: build with Maven, run on a JRE as a non-root user.
#   docker build -t initaudit .                                               API + CPU trial workers
#   docker build -t initaudit:cuda --target cuda --build-arg MAVEN_PROFILE=cuda .   GPU trial workers (Ampere and older)

FROM maven:3.9-eclipse-temurin-17 AS build
ARG MAVEN_PROFILE=cpu
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -P${MAVEN_PROFILE} dependency:go-offline
COPY src src
COPY examples examples
COPY docs/findings.md docs/findings.md
RUN mvn -B -q -P${MAVEN_PROFILE} -DskipTests package \
 && cp target/initaudit-*.jar /initaudit.jar

FROM eclipse-temurin:17-jre-jammy AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin initaudit \
 && mkdir -p /app /tmp/javacpp \
 && chown 10001 /tmp/javacpp
COPY --from=build /initaudit.jar /app/initaudit.jar
# Off-heap caps (ND4J otherwise grows to 6-8 GB) and a writable native cache for a read-only root file system.
ENV JAVA_TOOL_OPTIONS="-Xmx1g -Dorg.bytedeco.javacpp.platform.extension=-onednn -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"
USER 10001
WORKDIR /app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD curl -fsS http://localhost:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "-jar", "/app/initaudit.jar"]

# GPU trial workers: the worker profile (no HTTP API) on CUDA 11.6 with cuDNN 8.
FROM nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04 AS cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin initaudit \
 && mkdir -p /app /tmp/javacpp \
 && chown 10001 /tmp/javacpp
COPY --from=build /initaudit.jar /app/initaudit.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=35 -Dorg.bytedeco.javacpp.maxbytes=2g -Dorg.bytedeco.javacpp.maxphysicalbytes=6g -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp" \
    SPRING_PROFILES_ACTIVE=worker
USER 10001
WORKDIR /app
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD pgrep -f initaudit.jar > /dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/initaudit.jar"]
