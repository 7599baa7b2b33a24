package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nerco.cli.RunConfig.Key;
import io.nerco.stream.TaggingStreams;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine or cluster runs here, so docker/ and deploy/ are checked by reading them:
 * every YAML parses, the compose file wires the services the system needs with settings the
 * processor really reads, every Dockerfile step copies something that exists and builds with
 * the launcher's own command, and the Kubernetes objects refer to each other consistently.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new YAMLMapper();
    /** Read by logback.xml rather than RunConfig. */
    private static final Set<String> LOGGING_VARIABLES = Set.of("NERCO_LOG_FORMAT", "NERCO_LOG_LEVEL");

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            it.forEachRemaining(d -> {
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            });
        }
        return docs;
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("deploy")), Files.walk(Path.of("docker")))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static Set<String> variablesTheProcessorReads() throws IOException {
        Set<String> names = Arrays.stream(Key.values()).map(Key::environmentVariable).collect(Collectors.toCollection(HashSet::new));
        String logback = Files.readString(Path.of("src", "main", "resources", "logback.xml"));
        LOGGING_VARIABLES.forEach(v -> assertThat(logback).as("logback.xml reads " + v).contains("${" + v + ":-"));
        names.addAll(LOGGING_VARIABLES);
        return names;
    }

    private static Map<String, JsonNode> kubernetesObjects() throws IOException {
        Map<String, JsonNode> byKind = new HashMap<>();
        for (Path file : yamlFiles()) {
            if (file.startsWith("deploy")) {
                for (JsonNode doc : documents(file)) {
                    assertThat(doc.path("apiVersion").asText()).as(file + " apiVersion").isNotBlank();
                    assertThat(doc.path("metadata").path("name").asText()).as(file + " metadata.name").isNotBlank();
                    assertThat(byKind.put(doc.path("kind").asText(), doc)).as("one " + doc.path("kind") + " in deploy/").isNull();
                }
            }
        }
        return byKind;
    }

    @Test
    void everyYamlFileParses() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).extracting(Path::toString).contains("docker/compose.yml", "deploy/statefulset.yaml",
                "deploy/configmap.yaml", "deploy/secret.yaml", "deploy/pdb.yaml", "deploy/service.yaml");
        for (Path file : files) {
            assertThat(documents(file)).as(file.toString()).isNotEmpty().allSatisfy(d -> assertThat(d.isObject()).isTrue());
        }
    }

    @Test
    void composeRunsKafkaRegistryProcessorAndFeedsWithSettingsTheProcessorReads() throws IOException {
        JsonNode services = documents(Path.of("docker", "compose.yml")).getFirst().path("services");
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("kafka").path("environment").path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(services.path("registry").path("image").asText()).startsWith("apicurio/apicurio-registry:3.");
        JsonNode nerco = services.path("nerco");
        assertThat(nerco.path("build").path("dockerfile").asText()).isEqualTo("docker/Dockerfile");
        assertThat(Path.of("docker").resolve(nerco.path("build").path("context").asText()).resolve("docker/Dockerfile")).isRegularFile();
        assertThat(nerco.path("command").get(0).asText()).isEqualTo("run");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            var service = it.next();
            service.getValue().path("depends_on").fieldNames().forEachRemaining(target ->
                    assertThat(services.has(target)).as(service.getKey() + " depends on " + target).isTrue());
        }
        assertThat(iterable(nerco.path("depends_on").fieldNames())).contains("kafka", "registry", "topics");

        JsonNode env = nerco.path("environment");
        Set<String> read = variablesTheProcessorReads();
        assertThat(iterable(env.fieldNames())).as("variables the processor reads").isNotEmpty().allSatisfy(n -> assertThat(read).contains(n));
        URI bootstrap = URI.create("kafka://" + env.path("NERCO_BOOTSTRAP_SERVERS").asText());
        assertThat(services.has(bootstrap.getHost())).as("bootstrap host is a service").isTrue();
        assertThat(services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains(bootstrap.getHost() + ":" + bootstrap.getPort());
        URI registry = URI.create(env.path("NERCO_REGISTRY_URL").asText());
        assertThat(registry.getHost()).isEqualTo("registry");
        assertThat(registry.getPath()).isEqualTo("/apis/ccompat/v7");

        String topicsCommand = services.path("topics").path("command").toString();
        for (Key topic : List.of(Key.INPUT_TOPIC, Key.ENTITIES_TOPIC, Key.MENTIONS_TOPIC, Key.DEAD_LETTER_TOPIC,
                Key.QUALITY_TOPIC, Key.QUALITY_ALERTS_TOPIC)) {
            assertThat(topicsCommand).as("topic " + topic.defaultValue + " created").contains(topic.defaultValue);
        }
        assertThat(topicsCommand).contains(env.path("NERCO_TOPIC_LABELED").asText());

        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        for (String feed : List.of("feed", "labeled-feed")) {
            JsonNode command = services.path(feed).path("command");
            assertThat(services.path(feed).path("image").asText()).isEqualTo(nerco.path("image").asText());
            assertThat(command.get(0).asText()).isEqualTo("produce");
            String file = command.get(command.size() - 1).asText();
            assertThat(file).startsWith("/opt/nerco/samples/");
            String name = Path.of(file).getFileName().toString();
            assertThat(dockerfile).as("the image holds " + file).containsPattern("(?m)^COPY .*" + name + ".* /opt/nerco/samples/$");
        }
        assertThat(iterable(services.path("labeled-feed").path("command").elements())).extracting(JsonNode::asText).contains("--labeled");
    }

    @Test
    void dockerfileBuildsWithTheLauncherCommandAndRunsAsNonRoot() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docker", "Dockerfile")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        String launcher = Files.readString(Path.of("nerco"));
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1).replaceAll("/$", "")).toList();
        List<String> runs = new ArrayList<>();
        String user = null;
        for (String line : lines) {
            if (line.startsWith("COPY ") && !line.startsWith("COPY --from")) {
                String[] parts = line.substring(5).trim().split("\\s+");
                for (String source : Arrays.copyOf(parts, parts.length - 1)) {
                    assertThat(Path.of(source)).as("COPY " + source).exists();
                    assertThat(ignore).as(".dockerignore lets " + source + " in")
                            .anySatisfy(kept -> assertThat(source.equals(kept) || source.startsWith(kept + "/")).isTrue());
                }
            } else if (line.startsWith("RUN ")) {
                runs.add(line.substring(4).trim());
            } else if (line.startsWith("USER ")) {
                user = line.substring(5).trim();
            }
        }
        assertThat(runs.getFirst()).isEqualTo("./mvnw -B -q -DskipTests package");
        assertThat(launcher).as("the README's launcher builds the jar with the same command").contains(runs.getFirst());
        assertThat(user).isNotNull().isNotIn("root", "0", "0:0");
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<finalName>nerco</finalName>");
        assertThat(lines).contains("COPY --from=build /src/target/nerco.jar /opt/nerco/nerco.jar");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("ENTRYPOINT [").contains("\"-jar\", \"/opt/nerco/nerco.jar\""));
        assertThat(lines).filteredOn(l -> l.startsWith("FROM ")).hasSize(2).last().asString().contains("-jre");
        Set<String> read = variablesTheProcessorReads();
        String env = String.join("\n", lines).replaceAll("\\\\\n", " ");
        var m = java.util.regex.Pattern.compile("(NERCO_[A-Z_]+)=").matcher(env);
        int seen = 0;
        while (m.find()) {
            assertThat(read).as("Dockerfile ENV " + m.group(1)).contains(m.group(1));
            seen++;
        }
        assertThat(seen).isPositive();
    }

    @Test
    void kubernetesObjectsReferToEachOtherAndProbeTheEndpoints() throws IOException {
        Map<String, JsonNode> objects = kubernetesObjects();
        assertThat(objects).containsKeys("StatefulSet", "ConfigMap", "Secret", "Service", "PodDisruptionBudget");
        JsonNode set = objects.get("StatefulSet").path("spec");
        JsonNode pod = set.path("template");
        Map<String, String> podLabels = YAML.convertValue(pod.path("metadata").path("labels"), Map.class);
        assertThat(podLabels).isNotEmpty().containsAllEntriesOf(YAML.convertValue(set.path("selector").path("matchLabels"), Map.class));
        assertThat(podLabels).containsAllEntriesOf(YAML.convertValue(objects.get("Service").path("spec").path("selector"), Map.class));
        JsonNode pdb = objects.get("PodDisruptionBudget").path("spec");
        assertThat(podLabels).containsAllEntriesOf(YAML.convertValue(pdb.path("selector").path("matchLabels"), Map.class));
        assertThat(pdb.has("maxUnavailable") || pdb.has("minAvailable")).isTrue();
        assertThat(set.path("serviceName").asText()).isEqualTo(objects.get("Service").path("metadata").path("name").asText());
        assertThat(pod.path("spec").path("terminationGracePeriodSeconds").asLong())
                .as("longer than Streams' close timeout").isGreaterThan(TaggingStreams.CLOSE_TIMEOUT.toSeconds());

        JsonNode config = objects.get("ConfigMap").path("data");
        Set<String> read = variablesTheProcessorReads();
        assertThat(iterable(config.fieldNames())).allSatisfy(n -> assertThat(read).as("ConfigMap key").contains(n));
        JsonNode container = pod.path("spec").path("containers").get(0);
        assertThat(container.path("envFrom").get(0).path("configMapRef").path("name").asText())
                .isEqualTo(objects.get("ConfigMap").path("metadata").path("name").asText());

        Map<String, String> mounts = new HashMap<>();
        container.path("volumeMounts").forEach(v -> mounts.put(v.path("name").asText(), v.path("mountPath").asText()));
        String stateVolume = set.path("volumeClaimTemplates").get(0).path("metadata").path("name").asText();
        assertThat(mounts.get(stateVolume)).as("the persistent volume holds the Streams state")
                .isEqualTo(config.path("NERCO_STATE_DIR").asText());
        JsonNode secretVolume = iterable(pod.path("spec").path("volumes").elements()).stream()
                .filter(v -> v.has("secret")).findFirst().orElseThrow();
        JsonNode secret = objects.get("Secret");
        assertThat(secretVolume.path("secret").path("secretName").asText()).isEqualTo(secret.path("metadata").path("name").asText());
        List<String> args = iterable(container.path("args").elements()).stream().map(JsonNode::asText).toList();
        assertThat(args.getFirst()).isEqualTo("run");
        String configFile = args.get(args.indexOf("--config") + 1);
        assertThat(Path.of(configFile).getParent().toString()).isEqualTo(mounts.get(secretVolume.path("name").asText()));
        assertThat(secret.path("stringData").has(Path.of(configFile).getFileName().toString())).isTrue();

        int port = container.path("ports").get(0).path("containerPort").asInt();
        assertThat(port).isEqualTo(config.path("NERCO_HTTP_PORT").asInt());
        String portName = container.path("ports").get(0).path("name").asText();
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe).isEqualTo(portName);
        }
        JsonNode resources = container.path("resources");
        assertThat(resources.path("requests").path("cpu").asText()).isNotBlank();
        assertThat(resources.path("requests").path("memory").asText()).isNotBlank();
        assertThat(resources.path("limits").path("memory").asText()).isNotBlank();
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }
}
