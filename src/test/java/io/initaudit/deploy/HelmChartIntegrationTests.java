package io.initaudit.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart, linted and rendered offline with helm-java for several value sets; assertions on the objects.
 */
class HelmChartIntegrationTests {

	static final Path CHART = Path.of("helm", "initaudit");

	/** Renders the chart with {@code --set} pairs and parses every document. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> render(Object... sets) {
		var template = new Helm(CHART).template().withName("ia");
		for (int i = 0; i + 1 < sets.length; i += 2) {
			template = template.set((String) sets[i], sets[i + 1]);
		}
		String yaml = template.call();
		List<Map<String, Object>> docs = new ArrayList<>();
		for (Object d : new Yaml(new LoaderOptions()).loadAll(yaml)) {
			if (d != null) {
				docs.add((Map<String, Object>) d);
			}
		}
		return docs;
	}

	static Map<String, Object> find(List<Map<String, Object>> docs, String kind, String name) {
		return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(get(d, "metadata.name"))).findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + docs.stream().map(d -> d.get("kind") + "/" + get(d, "metadata.name")).toList()));
	}

	@SuppressWarnings("unchecked")
	static Object get(Object node, String path) {
		Object cur = node;
		for (String part : path.split("\\.")) {
			if (cur instanceof Map<?, ?> m) {
				cur = m.get(part);
			}
			else if (cur instanceof List<?> l) {
				cur = l.get(Integer.parseInt(part));
			}
			else {
				return null;
			}
		}
		return cur;
	}

	@Test
	void lintsClean() {
		LintResult result = new Helm(CHART).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void defaultsRenderTheApiWithProbesSecurityAndScaling() {
		List<Map<String, Object>> docs = render();
		Map<String, Object> api = find(docs, "Deployment", "ia-initaudit-api");
		Object container = get(api, "spec.template.spec.containers.0");
		assertThat(get(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(get(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(get(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(get(api, "spec.template.spec.securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(get(api, "spec.template.metadata.annotations")).isEqualTo(
				Map.of("prometheus.io/scrape", "true", "prometheus.io/path", "/actuator/prometheus", "prometheus.io/port", "8080"));
		assertThat(get(container, "resources.limits.memory")).isEqualTo("4Gi");
		assertThat(get(api, "spec.replicas")).as("the HPA owns the replica count").isNull();
		assertThat(get(find(docs, "HorizontalPodAutoscaler", "ia-initaudit-api"), "spec.maxReplicas")).isEqualTo(8);
		assertThat(get(find(docs, "PodDisruptionBudget", "ia-initaudit-api"), "spec.minAvailable")).isEqualTo(1);
		assertThat(find(docs, "Service", "ia-initaudit")).isNotNull();
		assertThat(docs.stream().map(d -> d.get("kind"))).doesNotContain("Ingress");
		assertThat(docs.stream().filter(d -> "Deployment".equals(d.get("kind")))).hasSize(1);
		// The datasource comes from the chart's secret; the off-heap caps are set.
		String env = get(container, "env").toString();
		assertThat(env).contains("SPRING_DATASOURCE_URL", "ia-initaudit-db", "maxphysicalbytes=2500m", "LOGGING_STRUCTURED_FORMAT_CONSOLE");
		assertThat(get(find(docs, "Secret", "ia-initaudit-db"), "stringData.url")).isEqualTo("jdbc:postgresql://postgresql:5432/initaudit");
	}

	@Test
	void gpuWorkersRequestGpusOnGpuNodesWithTheWorkerProfile() {
		List<Map<String, Object>> docs = render("gpuWorker.enabled", "true", "gpuWorker.replicas", "3", "api.trialWorkers", "false");
		Map<String, Object> worker = find(docs, "Deployment", "ia-initaudit-gpu-worker");
		assertThat(get(worker, "spec.replicas")).isEqualTo(3);
		Object container = get(worker, "spec.template.spec.containers.0");
		assertThat(get(container, "resources.limits.nvidia\\.com/gpu")).isNull();
		assertThat(((Map<?, ?>) get(container, "resources.limits")).get("nvidia.com/gpu")).isEqualTo(1);
		assertThat(((Map<?, ?>) get(container, "resources.requests")).get("nvidia.com/gpu")).isEqualTo(1);
		assertThat(get(container, "env").toString()).contains("SPRING_PROFILES_ACTIVE", "worker");
		assertThat(get(container, "image").toString()).endsWith("-cuda");
		assertThat(((Map<?, ?>) get(worker, "spec.template.spec.nodeSelector")).get("nvidia.com/gpu.present")).isEqualTo("true");
		assertThat(get(worker, "spec.template.spec.tolerations.0.key")).isEqualTo("nvidia.com/gpu");
		Object api = get(find(docs, "Deployment", "ia-initaudit-api"), "spec.template.spec.containers.0.env");
		assertThat(api.toString()).contains("INITAUDIT_TRIAL_WORKER_ENABLED, value=false");
	}

	@Test
	@SuppressWarnings("unchecked")
	void torchWorkersLeaseFromTheApiWithTheWorkerKeyOnGpuNodes() {
		List<Map<String, Object>> docs = render("torchWorker.enabled", "true", "torchWorker.replicas", "2", "workerKey.value", "wk-123");
		Map<String, Object> worker = find(docs, "Deployment", "ia-initaudit-torch-worker");
		assertThat(get(worker, "spec.replicas")).isEqualTo(2);
		Object container = get(worker, "spec.template.spec.containers.0");
		assertThat(get(container, "image").toString()).isEqualTo("ghcr.io/initaudit/initaudit-torch-worker:0.1.0-cuda12.4");
		// The worker's own command line (clients/python/initaudit_worker/worker.py), pointed at the chart's Service.
		assertThat((List<Object>) get(container, "args")).containsExactly("--service", "http://ia-initaudit:80", "--device", "cuda", "--poll", "2");
		assertThat(((Map<?, ?>) get(container, "resources.limits")).get("nvidia.com/gpu")).isEqualTo(1);
		assertThat(((Map<?, ?>) get(container, "resources.requests")).get("nvidia.com/gpu")).isEqualTo(1);
		assertThat(((Map<?, ?>) get(worker, "spec.template.spec.nodeSelector")).get("nvidia.com/gpu.present")).isEqualTo("true");
		assertThat(get(worker, "spec.template.spec.tolerations.0.key")).isEqualTo("nvidia.com/gpu");
		assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		// One secret holds the key: the worker reads it as INITAUDIT_WORKER_KEY, the API as INITAUDIT_WORKER_KEYS.
		assertThat(get(find(docs, "Secret", "ia-initaudit-worker-key"), "stringData.worker-key")).isEqualTo("wk-123");
		assertThat(get(container, "env.0.name")).isEqualTo("INITAUDIT_WORKER_KEY");
		assertThat(get(container, "env.0.valueFrom.secretKeyRef")).isEqualTo(Map.of("name", "ia-initaudit-worker-key", "key", "worker-key"));
		String api = get(find(docs, "Deployment", "ia-initaudit-api"), "spec.template.spec.containers.0.env").toString();
		assertThat(api).contains("INITAUDIT_WORKER_KEYS", "name=ia-initaudit-worker-key");
	}

	@Test
	@SuppressWarnings("unchecked")
	void torchWorkersOnCpuAndWithAnExistingKeySecret() {
		List<Map<String, Object>> docs = render("torchWorker.enabled", "true", "torchWorker.device", "cpu", "torchWorker.gpus", "0",
				"workerKey.existingSecret", "workers");
		Object container = get(find(docs, "Deployment", "ia-initaudit-torch-worker"), "spec.template.spec.containers.0");
		assertThat(((Map<Object, Object>) get(container, "resources.limits"))).doesNotContainKey("nvidia.com/gpu");
		assertThat((List<Object>) get(container, "args")).contains("cpu");
		assertThat(get(container, "env.0.valueFrom.secretKeyRef.name")).isEqualTo("workers");
		assertThat(docs.stream().filter(d -> "Secret".equals(d.get("kind"))).map(d -> get(d, "metadata.name"))).containsExactly("ia-initaudit-db");
	}

	@Test
	void torchWorkersWithoutAWorkerKeyFailTheRender() {
		Assertions.assertThatThrownBy(() -> render("torchWorker.enabled", "true")).hasMessageContaining("torchWorker.enabled needs a worker key");
		assertThat(render().stream().map(d -> get(d, "metadata.name"))).doesNotContain("ia-initaudit-torch-worker", "ia-initaudit-worker-key");
	}

	@Test
	void existingSecretsIngressAndFixedReplicas() {
		List<Map<String, Object>> docs = render("database.existingSecret", "pg-credentials", "apiKeys.existingSecret", "keys", "ingress.enabled",
				"true", "ingress.tls", "true", "ingress.host", "audit.example.org", "api.autoscaling.enabled", "false", "api.replicas", "3");
		assertThat(docs.stream().filter(d -> "Secret".equals(d.get("kind")))).isEmpty();
		Map<String, Object> api = find(docs, "Deployment", "ia-initaudit-api");
		assertThat(get(api, "spec.replicas")).isEqualTo(3);
		String env = get(api, "spec.template.spec.containers.0.env").toString();
		assertThat(env).contains("name=pg-credentials", "INITAUDIT_API_KEYS", "name=keys");
		Map<String, Object> ingress = find(docs, "Ingress", "ia-initaudit");
		assertThat(get(ingress, "spec.rules.0.host")).isEqualTo("audit.example.org");
		assertThat(get(ingress, "spec.tls.0.secretName")).isEqualTo("ia-initaudit-tls");
		assertThat(docs.stream().map(d -> d.get("kind"))).doesNotContain("HorizontalPodAutoscaler");
	}

	@Test
	void aMissingDatabaseUrlFailsTheRender() {
		Assertions.assertThatThrownBy(() -> render("database.url", "")).hasMessageContaining("database.url is required");
	}

}
