/**
 * The application layer of an environment, on the platform: the application namespace with
 * its baseline and quota, the PriorityClasses, the Secrets, Redis, the trading services (one
 * Microservice per definition in stacks/services), the gateway's public Ingress and the
 * operators' Roles.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Toleration, tolerationsFor } from "../components/cluster/placement";
import { DatabaseRoles } from "../components/database/database-roles";
import { renderDatabaseClientPolicy, SECURITY_GROUPS_ANNOTATION } from "../components/database/pod-security-group";
import { NamespaceBaseline } from "../components/namespace/namespace-baseline";
import { clusterAddresses } from "../components/namespace/traffic";
import { pushedImageRepositoryUrl } from "../components/registry/pushed-image";
import { repositoryName } from "../components/registry/registry";
import { routeAccess } from "../components/addons/nginx-ingress/rbac";
import { ROUTES_NAMESPACE_LABELS } from "../components/addons/nginx-ingress/values";
import { gatewayIngress } from "../components/workload/ingress";
import { Microservice } from "../components/workload/microservice";
import { applicationNamespace, PodBudget, podsDuringRollout } from "../components/workload/namespace";
import { operatorRoleBindings, operatorRoles } from "../components/workload/operator-access";
import { PRIORITY_CLASS_NAMES, renderPriorityClasses } from "../components/workload/priority-classes";
import { Redis } from "../components/workload/redis/redis";
import { EXPORTER_RESOURCES, REDIS_SELECTOR_LABELS, redisEndpoint } from "../components/workload/redis/render";
import { cachedImage, cacheRegistryHost, CONFIGURED_IMAGES, imageReference } from "../components/shared/images";
import { APPLICATION_LABELS, selectorLabels, serviceLabels } from "../components/workload/render/labels";
import { apiKeysSecretName, ApplicationSecrets, DATABASE_CREDENTIAL_FILES, databaseCredentialsSecretName, JWT_SIGNING_KEYS_SECRET } from "../components/workload/secrets";
import { serviceSpecs } from "../components/workload/services";
import { AddonName } from "../components/addons/addon";
import { resourcePrefix } from "../components/shared/naming";
import { waitingFor } from "../components/shared/ordering";
import { redisClients, serviceTraffic } from "../components/workload/traffic";
import { CONFIG_NAMESPACE, StackConfig } from "./config/schema";
import { Platform } from "./platform";
import { SERVICES } from "./services";

export interface Workloads {
    namespace: string;
    services: Record<string, Microservice>;
    redis: Redis;
    /** Each service's ECR repository, as the lookup of its image found it. */
    repositoryUrls: Record<string, pulumi.Output<string>>;
}

/** `signal-trading` in prod (the seed's namespace), `signal-trading-<environment>` elsewhere. */
export function applicationNamespaceName(environment: StackConfig["environment"]): string {
    return environment === "prod" ? "signal-trading" : `signal-trading-${environment}`;
}

/** Where spot-tolerant services may go: the SPOT groups' taints and the label EKS gives spot nodes. */
function interruptibleCapacity(config: StackConfig): { tolerations: Toleration[]; nodeLabels: Record<string, string> } {
    const spot = Object.values(config.nodeGroups).filter((g) => g.capacityType === "SPOT");
    return {
        tolerations: tolerationsFor(spot.flatMap((g) => g.taints)),
        nodeLabels: spot.length > 0 ? { "eks.amazonaws.com/capacityType": "SPOT" } : {},
    };
}

/** The on-demand groups without taints (where the trading path runs) are all zonal. */
function zonalCapacity(config: StackConfig): boolean {
    const steady = Object.values(config.nodeGroups).filter((g) => g.capacityType === "ON_DEMAND" && g.taints.length === 0);
    return steady.length > 0 && steady.every((g) => g.zonal);
}

/** What a service may run at once: its HPA maximum mid-rollout, with requests a VPA may raise up to the limits. */
export function serviceBudget(name: string, service: StackConfig["services"][string]): PodBudget {
    const { requests, limits } = service.resources;
    const vpaSets = (resource: "cpu" | "memory") => service.verticalScaling.mode !== "Off" && service.verticalScaling.controlledResources.includes(resource);
    return {
        name,
        pods: podsDuringRollout(service.scaling.max),
        containers: [{
            // The schema lets a VPA set only memory (the HPA always scales on CPU), and a memory request never exceeds its limit.
            requests: { cpu: requests.cpu, memory: vpaSets("memory") ? limits.memory : requests.memory },
            limits,
        }],
    };
}

/** Redis's one pod: the server and its exporter; a StatefulSet replaces its pod rather than surging. */
function redisBudget(config: StackConfig): PodBudget {
    return { name: "redis", pods: 1, containers: [config.redis.resources, EXPORTER_RESOURCES] };
}

export function buildWorkloads(config: StackConfig, platform: Platform): Workloads {
    // The release pipeline pushes the services' images into the repositories of the bootstrap project
    // (bootstrap/); this program only checks, first, that each configured image is there. Its pods
    // take their image from the lookup, so a missing one fails the run at preview, naming the config
    // key, instead of a rollout waiting on ErrImagePull.
    const repositoryUrls = Object.fromEntries(SERVICES.map((s) => [s.name, pushedImageRepositoryUrl({
        configPath: `${CONFIG_NAMESPACE}:services.${s.name}.image`,
        repositoryName: repositoryName(resourcePrefix(config.environment), s.name),
        image: config.services[s.name].image,
    }, { provider: platform.awsProvider })]));
    const namespace = applicationNamespaceName(config.environment);
    const addon = <N extends AddonName>(name: N) => {
        const installed = platform.addons.addon(name);
        if (!installed) throw new Error(`the workloads need the ${name} add-on, which this stack does not install`);
        return installed;
    };
    const storage = addon("storage").outputs;
    const ingressController = addon("nginx-ingress").outputs;
    const certManager = addon("cert-manager").outputs;
    const monitoringCrds = [addon("prometheus-operator-crds").component];
    const verticalPodAutoscalerCrds = [addon("vertical-pod-autoscaler").component];
    const traceCollector = addon("opentelemetry-collector").outputs;
    const kubernetes = platform.cluster.kubernetesProvider;
    const providers: pulumi.ComponentResourceOptions = { providers: { aws: platform.awsProvider, kubernetes } };
    // Every object waits for the add-ons (admission webhooks, CRDs, the default StorageClass, the
    // ingress class) and for the admission policies, which judge these objects like any other.
    const after = (...resources: pulumi.Resource[]) => pulumi.mergeOptions(providers, waitingFor([platform.addons, platform.admission, ...resources]));
    const objectAfter = (...resources: pulumi.Resource[]): pulumi.CustomResourceOptions => ({ provider: kubernetes, dependsOn: [platform.addons, platform.admission, ...resources] });

    const priorityClasses = renderPriorityClasses().map((priorityClass) =>
        new k8s.scheduling.v1.PriorityClass(priorityClass.metadata.name, priorityClass, objectAfter()));

    const publicServices = SERVICES.some((s) => s.ingress);
    const namespaceSpec = applicationNamespace({
        name: namespace,
        budgets: [...SERVICES.map((s) => serviceBudget(s.name, config.services[s.name])), redisBudget(config)],
    });
    const baseline = new NamespaceBaseline(namespace, {
        spec: {
            ...namespaceSpec,
            // The ingress controller serves the public services' Ingresses in namespaces with this label;
            // added to the application role, which the admission policies and the policy pack select by.
            labels: { ...namespaceSpec.labels, ...(publicServices ? ROUTES_NAMESPACE_LABELS : {}) },
        },
    }, after());
    // The ingress controller's role here (its routes and their TLS Secrets), before any Ingress.
    const ingressAccess = publicServices ? [routeAccess(`${namespace}-nginx-ingress`, namespace, objectAfter(baseline))] : [];
    const inNamespace = after(baseline, ...priorityClasses);
    const addresses = clusterAddresses(config.network);

    // Third-party images are pulled through the account's caches, which the bootstrap creates: looked up through the platform's AWS provider.
    const cacheHost = cacheRegistryHost(["ecr-public", "quay"], { provider: platform.awsProvider });

    // Each service that uses the database logs in as its own role; the master user stays in the Job's namespace.
    const { database } = platform;
    // Where the database admits only its client pods, they carry its client group beside the cluster's.
    const databaseClientGroups = database.clientPodSecurityGroupId ? [platform.cluster.clusterSecurityGroupId, database.clientPodSecurityGroupId] : undefined;
    const databaseRoles = new DatabaseRoles(`${namespace}-database-roles`, {
        applicationNamespace: namespace,
        addresses,
        database: { host: database.host, port: database.port, databaseName: database.databaseName, masterUsername: database.username, masterPassword: database.password },
        region: config.aws.region,
        regionSetting: `${CONFIG_NAMESPACE}:aws.region`,
        image: cacheHost.apply((host) => imageReference(cachedImage(host, { ...CONFIGURED_IMAGES.postgres, ...config.database.clientImage }))),
        // A one-off run that may wait: it never preempts the trading path.
        priorityClassName: PRIORITY_CLASS_NAMES.analytics,
        services: SERVICES.filter((s) => s.uses.database).map((s) => s.name),
        podSecurityGroupIds: databaseClientGroups,
    }, after(...priorityClasses));

    const secrets = new ApplicationSecrets(`${namespace}-secrets`, {
        namespace,
        labels: APPLICATION_LABELS,
        jwtKeyIds: config.auth.jwtKeyIds,
        databases: Object.fromEntries(Object.entries(databaseRoles.credentials).map(([service, login]) => [service, {
            host: database.host, port: database.port, databaseName: database.databaseName, caBundle: databaseRoles.caBundle, ...login,
        }])),
        apiKeys: config.apiKeys,
        services: SERVICES.map((s) => ({ name: s.name, labels: { ...selectorLabels(s), ...APPLICATION_LABELS }, apiKeys: s.uses.apiKeys })),
    }, inNamespace);

    const redis = new Redis(`${namespace}-redis`, {
        namespace,
        image: config.redis.image,
        exporterImage: config.redis.exporterImage,
        registry: cacheHost,
        storageGiB: config.redis.storageGiB,
        storageSetting: `${CONFIG_NAMESPACE}:redis.storageGiB`,
        storageClassName: storage.storageClassName,
        resources: config.redis.resources,
        priorityClassName: PRIORITY_CLASS_NAMES.trading,
        clients: redisClients(SERVICES),
        monitoringCrds,
        certManager: [addon("cert-manager").component],
    }, inNamespace);

    const redisEndpointOf = redisEndpoint(namespace);
    const specs = serviceSpecs(SERVICES, {
        namespace,
        config: config.services,
        repositories: repositoryUrls,
        traffic: serviceTraffic(SERVICES, {
            addresses,
            redis: { pods: REDIS_SELECTOR_LABELS, port: redisEndpointOf.port },
            databasePort: platform.database.port,
            traceCollector: { namespace: traceCollector.namespace, pods: traceCollector.pods, ports: traceCollector.otlpPorts },
        }),
        interruptible: interruptibleCapacity(config),
        zonalCapacity: zonalCapacity(config),
        redis: redisEndpointOf,
        database: { secretName: databaseCredentialsSecretName, files: { ca: DATABASE_CREDENTIAL_FILES.ca } },
        jwt: { secretName: JWT_SIGNING_KEYS_SECRET },
        apiKeysSecretName,
        tracing: { otlpEndpoint: traceCollector.otlpEndpoint, environment: config.environment },
    });
    // The database's users get its client group at admission, so their pods roll when the groups change.
    const databaseClientPolicies = Object.fromEntries(databaseClientGroups ? specs.filter((s) => s.definition.uses.database).map((spec) => {
        const name = spec.definition.name;
        spec.podAnnotations = { [SECURITY_GROUPS_ANNOTATION]: pulumi.all(databaseClientGroups).apply((ids) => ids.join(",")) };
        return [name, new k8s.apiextensions.CustomResource(`${namespace}-${name}-security-group-policy`,
            renderDatabaseClientPolicy(namespace, `${name}-database-client`, selectorLabels(spec.definition), databaseClientGroups), objectAfter(baseline))];
    }) : []);
    // Pods start once the Secrets they mount, Redis, and for the database's users their roles and security groups, exist.
    const services = Object.fromEntries(specs.map((spec) => [spec.definition.name, new Microservice(`${namespace}-${spec.definition.name}`, {
        spec,
        oidc: platform.cluster.oidc,
        permissionsBoundaryArn: config.iam.permissionsBoundaryArn,
        verticalPodAutoscalerCrds,
        monitoringCrds,
    }, after(baseline, ...priorityClasses, secrets, redis, ...(spec.definition.uses.database ? [databaseRoles] : []),
        ...(databaseClientPolicies[spec.definition.name] ? [databaseClientPolicies[spec.definition.name]] : [])))]));

    for (const spec of specs.filter((s) => s.definition.ingress)) {
        const { ingress, name, port } = spec.definition;
        new k8s.networking.v1.Ingress(`${namespace}-${name}-ingress`, gatewayIngress({
            namespace,
            host: config.dns.apiHost,
            ingressClassName: ingressController.ingressClassName,
            clusterIssuer: certManager.clusterIssuer,
            service: { name, port },
            rateLimit: ingress!.rateLimit,
            maxBodySize: ingress!.maxBodySize,
            labels: serviceLabels(spec),
        }), objectAfter(baseline, services[name], ...ingressAccess));
    }

    for (const role of operatorRoles(namespace)) new k8s.rbac.v1.Role(`${namespace}-${role.metadata.name}`, role, objectAfter(baseline));
    const bindings = operatorRoleBindings(namespace, { readerGroups: config.workloadAccess.readers.groups, deployerGroups: config.workloadAccess.deployers.groups });
    for (const binding of bindings) new k8s.rbac.v1.RoleBinding(`${namespace}-${binding.metadata.name}`, binding, objectAfter(baseline));

    return { namespace, services, redis, repositoryUrls };
}
