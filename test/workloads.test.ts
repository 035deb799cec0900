/**
 * The application layer in the whole program of both stacks: the services, Redis, their
 * namespace, Secrets, Ingress and operator roles as the offline plan registers them.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "../tools/offline/recorder";
import { ProgramError, runProgram } from "../tools/offline/run-program";
import { SERVICES } from "../stacks/services";
import { parsedStackConfig } from "../tools/offline/stack-config";
import { AccountWithoutImages, imageNotFound, programRunOf, Registrations, runStack, stackConfig } from "./harness";
import { isSecretWire } from "./outputs";

const NAMESPACES = { dev: "signal-trading-dev", prod: "signal-trading" } as const;
/** The throughput prod is sized for at the gateway (docs/observability.md, At 1000 requests per second). */
const SLA_REQUESTS_PER_SECOND = 1000;
const kind = (group: string, version: string, name: string) => `kubernetes:${group}${group ? "/" : "core/"}${version}:${name}`;
const TYPES = {
    deployment: kind("apps", "v1", "Deployment"),
    statefulSet: kind("apps", "v1", "StatefulSet"),
    claimPatch: kind("", "v1", "PersistentVolumeClaimPatch"),
    service: kind("", "v1", "Service"),
    serviceAccount: kind("", "v1", "ServiceAccount"),
    secret: kind("", "v1", "Secret"),
    hpa: kind("autoscaling", "v2", "HorizontalPodAutoscaler"),
    vpa: kind("autoscaling.k8s.io", "v1", "VerticalPodAutoscaler"),
    pdb: kind("policy", "v1", "PodDisruptionBudget"),
    networkPolicy: kind("networking.k8s.io", "v1", "NetworkPolicy"),
    serviceMonitor: kind("monitoring.coreos.com", "v1", "ServiceMonitor"),
    ingress: kind("networking.k8s.io", "v1", "Ingress"),
    quota: kind("", "v1", "ResourceQuota"),
    role: kind("rbac.authorization.k8s.io", "v1", "Role"),
    roleBinding: kind("rbac.authorization.k8s.io", "v1", "RoleBinding"),
    priorityClass: kind("scheduling.k8s.io", "v1", "PriorityClass"),
    namespace: kind("", "v1", "Namespace"),
    release: "kubernetes:helm.sh/v3:Release",
};

describe("the workloads in the whole program", () => {
    for (const stack of ["dev", "prod"] as const) {
        describe(`stack ${stack}`, () => {
            const namespace = NAMESPACES[stack];
            const config = parsedStackConfig(stack);
            let r: Registrations;
            /** The object of `type` named `name` in the application namespace. */
            let object: (type: string, name: string) => { resource: RecordedResource; inputs: Record<string, any> };
            before(async () => {
                r = await programRunOf(stack);
                object = (type, name) => {
                    const found = r.ofType(type).filter((x) => r.inputs(x).metadata?.name === name && r.inputs(x).metadata?.namespace === namespace);
                    assert.equal(found.length, 1, `expected one ${type} ${namespace}/${name}, found ${found.length}`);
                    return { resource: found[0], inputs: r.inputs(found[0]) };
                };
            });

            it("runs every service with its own ServiceAccount, Service, HPA, VPA, PDB, NetworkPolicy and ServiceMonitor", () => {
                for (const service of SERVICES) {
                    const pod = object(TYPES.deployment, service.name).inputs.spec.template;
                    assert.equal(pod.spec.serviceAccountName, service.name);
                    assert.equal(object(TYPES.serviceAccount, service.name).inputs.automountServiceAccountToken, false);
                    assert.equal(object(TYPES.hpa, service.name).inputs.spec.scaleTargetRef.name, service.name);
                    assert.equal(object(TYPES.vpa, service.name).inputs.spec.targetRef.name, service.name);
                    assert.deepEqual(object(TYPES.pdb, service.name).inputs.spec.selector.matchLabels, object(TYPES.networkPolicy, service.name).inputs.spec.podSelector.matchLabels);
                    const selector = object(TYPES.service, service.name).inputs.spec.selector;
                    for (const [key, value] of Object.entries(selector)) assert.equal(pod.metadata.labels[key], value, `${service.name}: the Service does not select its pods`);
                    assert.deepEqual(object(TYPES.serviceMonitor, service.name).inputs.spec.selector.matchLabels, selector);
                }
            });

            it("sends every service's spans to the trace collector: the SDK's variables name it, the service, its version and the stack, and only that flow is opened", () => {
                const collectorPods = { "app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": "otel-collector" };
                const toCollector = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "opentelemetry" } }, podSelector: { matchLabels: collectorPods } };
                const otlpIn = r.ofType(TYPES.networkPolicy).map((x) => r.inputs(x)).find((p) => p.metadata.namespace === "opentelemetry" && p.metadata.name === "allow-ingress-otlp")!;
                for (const service of SERVICES) {
                    const pod = object(TYPES.deployment, service.name).inputs.spec.template;
                    const env = Object.fromEntries(pod.spec.containers[0].env.map((e: { name: string; value: string }) => [e.name, e.value]));
                    assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, "http://otel-collector.opentelemetry.svc.cluster.local:4317");
                    assert.equal(env.OTEL_SERVICE_NAME, service.name);
                    assert.equal(env.OTEL_RESOURCE_ATTRIBUTES, `deployment.environment.name=${stack},service.namespace=signal-trading,service.version=${config.services[service.name].image.tag}`);
                    const egress = object(TYPES.networkPolicy, service.name).inputs.spec.egress as { to: unknown[]; ports: { port: number }[] }[];
                    const otlp = egress.filter((rule) => JSON.stringify(rule.to).includes("opentelemetry"));
                    assert.deepEqual(otlp.map((rule) => [rule.to, rule.ports.map((p) => p.port)]), [[[toCollector], [4317, 4318]]], service.name);
                    const selector = object(TYPES.service, service.name).inputs.spec.selector;
                    assert.ok(otlpIn.spec.ingress[0].from.some((peer: any) => peer.namespaceSelector.matchLabels["kubernetes.io/metadata.name"] === namespace
                        && JSON.stringify(peer.podSelector.matchLabels) === JSON.stringify(selector)), `the collector does not admit ${service.name}`);
                }
                assert.equal(otlpIn.spec.ingress[0].from.length, SERVICES.length);
            });

            it("lets the HPA own the replicas, from the configured minimum (2 or more in prod) to the maximum", () => {
                for (const service of SERVICES) {
                    assert.equal(object(TYPES.deployment, service.name).inputs.spec.replicas, undefined);
                    const hpa = object(TYPES.hpa, service.name).inputs.spec;
                    const scaling = config.services[service.name].scaling;
                    assert.deepEqual([hpa.minReplicas, hpa.maxReplicas], [scaling.min, scaling.max]);
                    if (stack === "prod") assert.ok(hpa.minReplicas >= 2, `${service.name} runs fewer than 2 replicas in prod`);
                    assert.equal(hpa.metrics[0].resource.target.averageUtilization, scaling.targetCpuUtilization);
                }
            });

            it("scales the request-driven services on requests per second per pod too, a pods metric the adapter's release serves", () => {
                const adapter = r.ofType(TYPES.release).map((x) => r.inputs(x)).filter((inputs) => inputs.chart === "prometheus-adapter");
                assert.equal(adapter.length, 1);
                const { values } = adapter[0];
                // rules.custom set: the chart registers the APIService v1beta1.custom.metrics.k8s.io, whose CA cert-manager injects.
                const served: string[] = values.rules.custom.map((rule: { name: { as: string } }) => rule.name.as);
                assert.equal(values.certManager.enabled, true);
                for (const service of SERVICES) {
                    const target = config.services[service.name].scaling.targetRequestsPerSecond;
                    const pods = (object(TYPES.hpa, service.name).inputs.spec.metrics as { type: string; pods?: { metric: { name: string }; target: unknown } }[]).filter((m) => m.type === "Pods");
                    assert.deepEqual(pods.map((m) => m.pods), target === null ? [] : [{ metric: { name: served[0] }, target: { type: "AverageValue", averageValue: String(target) } }], service.name);
                    for (const m of pods) assert.ok(served.includes(m.pods!.metric.name), `${service.name} scales on ${m.pods!.metric.name}, which the adapter does not serve`);
                }
                const gateway = config.services.gateway.scaling;
                assert.notEqual(gateway.targetRequestsPerSecond, null, "the gateway's load is request-driven");
                if (stack === "prod") {
                    // 1000 requests per second at the target with room to spare, and 1500 at the maximum.
                    assert.ok(Math.ceil(SLA_REQUESTS_PER_SECOND / gateway.targetRequestsPerSecond!) < gateway.max, "the gateway reaches its maximum below the SLA's load");
                    assert.ok(gateway.targetRequestsPerSecond! * gateway.max >= 1.5 * SLA_REQUESTS_PER_SECOND, "the gateway's maximum serves less than 1.5 times the SLA's load at target");
                }
            });

            it("pulls each service's image from its ECR repository at the configured tag, pinned by digest in prod", () => {
                for (const service of SERVICES) {
                    const image: string = object(TYPES.deployment, service.name).inputs.spec.template.spec.containers[0].image;
                    const digest = stack === "prod" ? `@sha256:${"0".repeat(64)}` : "";
                    const region = stack === "prod" ? "us-east-1" : "us-east-2";
                    assert.equal(image, `123456789012.dkr.ecr.${region}.amazonaws.com/signal-trading-${stack}/${service.name}:1.0.0${digest}`);
                }
            });

            it("looks each service's image up in its ECR repository through the stack's provider: by digest in prod, by tag in dev", () => {
                assert.deepEqual(r.invoked("aws:ecr/getImage:getImage"), SERVICES.map((service) => {
                    const { tag, digest } = config.services[service.name].image;
                    return { repositoryName: `signal-trading-${stack}/${service.name}`, ...(stack === "prod" ? { imageDigest: digest } : { imageTag: tag }) };
                }));
                const provider = r.one("pulumi:providers:aws", "aws");
                for (const invoke of r.invokes.filter((i) => i.token === "aws:ecr/getImage:getImage")) assert.ok(invoke.provider?.startsWith(`${provider.urn}::`));
            });

            it("starts the services after the namespace baseline, their Secrets, Redis and the add-ons", () => {
                const namespaceObject = r.ofType(TYPES.namespace).find((n) => r.inputs(n).metadata.name === namespace)!;
                const redis = object(TYPES.statefulSet, "redis").resource;
                const jwtKeys = object(TYPES.secret, "jwt-signing-keys").resource;
                const releases = r.ofType(TYPES.release);
                for (const service of SERVICES) {
                    const deployment = object(TYPES.deployment, service.name).resource;
                    for (const needed of [namespaceObject, redis, jwtKeys, ...releases]) {
                        assert.ok(deployment.dependencies.includes(needed.urn), `${service.name} does not wait for ${needed.name}`);
                    }
                }
            });

            it("sizes the namespace's quota so every service fits at its HPA maximum mid-rollout, with Redis", () => {
                const hard = object(TYPES.quota, "compute").inputs.spec.hard;
                // Each service at its maximum, its rollout surge and as many old pods terminating; Redis.
                const pods = SERVICES.reduce((sum, s) => sum + config.services[s.name].scaling.max + 2 * Math.ceil(config.services[s.name].scaling.max / 4), 0) + 1;
                assert.equal(hard.pods, String(pods));
            });

            it("keeps Redis's data on the encrypted default class, labelled for the 15-minute backups", () => {
                const statefulSet = object(TYPES.statefulSet, "redis").inputs;
                assert.equal(statefulSet.spec.replicas, 1);
                const claim = statefulSet.spec.volumeClaimTemplates[0];
                assert.equal(claim.spec.storageClassName, "gp3-encrypted");
                assert.equal(claim.spec.resources.requests.storage, `${config.redis.storageGiB}Gi`);
                assert.equal(claim.metadata.labels["app.kubernetes.io/name"], "redis");
                assert.equal(statefulSet.spec.template.metadata.labels["app.kubernetes.io/name"], "redis");
            });

            it("sizes Redis's live claim once its StatefulSet is ready, and refuses by its config key to shrink the volume deployed", async () => {
                const patch = object(TYPES.claimPatch, "data-redis-0");
                assert.equal(patch.inputs.spec.resources.requests.storage, `${config.redis.storageGiB}Gi`);
                assert.ok(patch.resource.dependencies.includes(object(TYPES.statefulSet, "redis").resource.urn));
                const larger = config.redis.storageGiB + 5;
                const grown = r.deployed().map((d) => d.type === TYPES.claimPatch ? { ...d, inputs: { ...d.inputs, spec: { resources: { requests: { storage: `${larger}Gi` } } } } } : d);
                await assert.rejects(runStack(stack, stackConfig(stack), grown), new RegExp(`^Error: error serializing property "spec": signal-trading:redis\\.storageGiB: is ${config.redis.storageGiB} GiB, but the volume of claim ${namespace}/data-redis-0 \\(vol-[0-9a-f]{17}\\) already holds ${larger} GiB and an EBS volume cannot shrink: set ${larger} or more$`));
            });

            it("keeps every application Secret's contents secret and mounts them as files, never as environment variables", () => {
                const secrets = r.ofType(TYPES.secret).filter((s) => r.inputs(s).metadata.namespace === namespace);
                assert.deepEqual(secrets.map((s) => r.inputs(s).metadata.name).sort(), [
                    "data-api-keys", "data-database-credentials", "jwt-signing-keys", "redis-data-auth", "redis-gateway-auth", "redis-ml-auth", "redis-server-auth", "redis-signal-auth",
                ]);
                for (const secret of secrets) assert.ok(isSecretWire(secret.inputs.stringData), `${r.inputs(secret).metadata.name} is sent in the clear`);
                for (const service of SERVICES) {
                    const container = object(TYPES.deployment, service.name).inputs.spec.template.spec.containers[0];
                    assert.ok((container.env ?? []).every((e: any) => e.valueFrom === undefined), `${service.name} reads a secret from its environment`);
                }
            });

            it("keeps the database's master password out of the application namespace: only the roles Job in its own namespace mounts it", () => {
                const master = r.ofType(TYPES.secret).filter((s) => r.inputs(s).metadata.name === "database-master");
                assert.deepEqual(master.map((s) => r.inputs(s).metadata.namespace), [`${namespace}-database-admin`]);
                const masterPassword = r.outputs(r.one("random:index/randomPassword:RandomPassword", `signal-trading-${stack}-postgres-master-password`)).result;
                for (const secret of r.ofType(TYPES.secret).filter((s) => r.inputs(s).metadata.namespace === namespace)) {
                    assert.ok(!JSON.stringify(r.inputs(secret)).includes(masterPassword), `${r.inputs(secret).metadata.name} holds the master password`);
                }
                const data = object(TYPES.deployment, "data").inputs.spec.template.spec;
                assert.deepEqual(data.containers[0].env.filter((e: any) => e.name.startsWith("PGSSL")), [
                    { name: "PGSSLMODE", value: "verify-full" }, { name: "PGSSLROOTCERT", value: "/var/run/secrets/signal-trading/database-credentials/rds-ca.pem" },
                ]);
                assert.equal(object(TYPES.secret, "data-database-credentials").inputs.stringData.username, "data");
            });

            it(stack === "prod" ? "lets only the data service and the roles Job reach PostgreSQL, through the database's client security group" : "keeps dev's database open to the cluster's security group, as its burstable nodes cannot give pods their own", () => {
                const rules = r.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((x) => x.name.includes("-postgres-"));
                const policies = r.ofType("kubernetes:vpcresources.k8s.aws/v1beta1:SecurityGroupPolicy").map((x) => r.inputs(x));
                if (stack === "dev") {
                    assert.deepEqual(rules.map((x) => x.name), ["signal-trading-dev-postgres-from-cluster"]);
                    assert.deepEqual(policies, []);
                    return;
                }
                const clients = r.one("aws:ec2/securityGroup:SecurityGroup", "signal-trading-prod-postgres-clients-sg");
                assert.deepEqual(rules.map((x) => [x.name, r.inputs(x).referencedSecurityGroupId]), [["signal-trading-prod-postgres-from-client-pods", clients.id]]);
                assert.deepEqual(policies.map((p) => [p.metadata.namespace, p.spec.podSelector.matchLabels["app.kubernetes.io/name"], p.spec.securityGroups.groupIds.at(-1)]).sort(), [
                    [namespace, "data", clients.id], [`${namespace}-database-admin`, "database-roles", clients.id],
                ]);
                assert.match(object(TYPES.deployment, "data").inputs.spec.template.metadata.annotations["signal-trading.io/security-groups"], new RegExp(`,${clients.id}$`));
            });

            it("exposes only the gateway, over TLS on the API host, rate-limited", () => {
                const ingresses = r.ofType(TYPES.ingress).filter((i) => r.inputs(i).metadata.namespace === namespace).map((i) => r.inputs(i));
                assert.equal(ingresses.length, 1);
                const [ingress] = ingresses;
                assert.deepEqual(ingress.spec.tls, [{ hosts: [config.dns.apiHost], secretName: "gateway-tls" }]);
                assert.equal(ingress.spec.ingressClassName, "nginx");
                assert.equal(ingress.metadata.annotations["cert-manager.io/cluster-issuer"], "letsencrypt-production");
                assert.equal(ingress.metadata.annotations["nginx.org/limit-req-rate"], "20r/s");
            });

            it("lets the ingress controller serve the namespace: labelled for it, its Role bound before the gateway's Ingress", () => {
                const namespaceObject = r.ofType(TYPES.namespace).find((n) => r.inputs(n).metadata.name === namespace)!;
                assert.equal(r.inputs(namespaceObject).metadata.labels["signal-trading.io/nginx-ingress-routes"], "true");
                // The route label is added to the application role, which admission and the policy pack select the namespace by.
                assert.equal(r.inputs(namespaceObject).metadata.labels["signal-trading.io/namespace-role"], "application");
                const binding = r.ofType(TYPES.roleBinding).find((b) => r.inputs(b).metadata.namespace === namespace && r.inputs(b).roleRef.name === "nginx-ingress-controller")!;
                assert.deepEqual(r.inputs(binding).subjects, [{ kind: "ServiceAccount", name: "nginx-ingress-controller", namespace: "nginx-ingress" }]);
                const ingress = r.ofType(TYPES.ingress).find((i) => r.inputs(i).metadata.namespace === namespace)!;
                assert.ok(ingress.dependencies.includes(binding.urn), "the gateway's Ingress does not wait for the controller's role");
            });

            it("binds the operator roles to the configured groups, and creates the two priority classes", () => {
                const bindings = r.ofType(TYPES.roleBinding).map((b) => r.inputs(b)).filter((b) => b.metadata.namespace === namespace && b.roleRef.name !== "nginx-ingress-controller");
                assert.deepEqual(bindings.map((b) => `${b.roleRef.name}=${b.subjects.map((s: any) => s.name).join(",")}`).sort(),
                    ["operator-deployer=signal-trading-deployers", "operator-reader=signal-trading-readers"]);
                assert.deepEqual(r.ofType(TYPES.priorityClass).map((p) => r.inputs(p).metadata.name).sort(), ["signal-trading-critical", "signal-trading-standard"]);
            });
        });
    }

    describe("a service image the release pipeline has not pushed", () => {
        const digest = parsedStackConfig("prod").services.gateway.image.digest!;
        let failure: ProgramError;
        before(async () => {
            await assert.rejects(runProgram("prod", stackConfig("prod"), [], { mocks: new AccountWithoutImages("signal-trading-prod/gateway") }), (error: unknown) => {
                assert.ok(error instanceof ProgramError);
                failure = error;
                return true;
            });
        });

        it("fails the run with a RunError naming the config key, the repository and ECR's answer, where the Deployment's spec would take the image", () => {
            const ecr = imageNotFound({ repositoryName: "signal-trading-prod/gateway", imageDigest: digest }).replace(/\s+/g, " ").trim();
            // The SDK prefixes the property whose value failed; the CLI prints the message of a RunError without a stack trace.
            assert.equal(failure.message, `error serializing property "spec": signal-trading:services.gateway.image.digest: ${digest} is not in ECR repository signal-trading-prod/gateway (push it, then set the digest) — ${ecr}`);
            assert.ok(pulumi.RunError.isInstance(failure.cause));
        });

        it("creates no Deployment for that service, whose image waits for the lookup, and the others as usual", () => {
            const deployments = failure.resources.filter((x) => x.type === TYPES.deployment).map((x) => x.name).sort();
            assert.deepEqual(deployments, ["data", "ml", "signal"].map((name) => `signal-trading-${name}-deployment`));
        });
    });
});
