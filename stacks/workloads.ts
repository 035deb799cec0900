/**
 * The application layer of an environment, on the platform: the application namespace with
 * its baseline and quota, the PriorityClasses, the Secrets, Redis, the trading services (one
 * Microservice per definition in stacks/services), the gateway's public Ingress and the
 * operators' Roles.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Toleration, tolerationsFor } from "../components/cluster/placement";
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
import { EXPORTER_RESOURCES, REDIS_EXPORTER_REPOSITORY, REDIS_IMAGE_REPOSITORY, REDIS_SELECTOR_LABELS, redisEndpoint } from "../components/workload/redis/render";
import { APPLICATION_LABELS, selectorLabels, serviceLabels } from "../components/workload/render/labels";
import { apiKeysSecretName, ApplicationSecrets, DATABASE_CREDENTIALS_SECRET, JWT_SIGNING_KEYS_SECRET } from "../components/workload/secrets";
import { pinnedImage, serviceSpecs } from "../components/workload/services";
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
    const kubernetes = platform.cluster.kubernetesProvider;
    const providers: pulumi.ComponentResourceOptions = { providers: { aws: platform.awsProvider, kubernetes } };
    // Every object waits for the add-ons: admission webhooks, CRDs, the default StorageClass, the ingress class.
    const after = (...resources: pulumi.Resource[]) => pulumi.mergeOptions(providers, waitingFor([platform.addons, ...resources]));
    const objectAfter = (...resources: pulumi.Resource[]): pulumi.CustomResourceOptions => ({ provider: kubernetes, dependsOn: [platform.addons, ...resources] });

    const priorityClasses = renderPriorityClasses().map((priorityClass) =>
        new k8s.scheduling.v1.PriorityClass(priorityClass.metadata.name, priorityClass, objectAfter()));

    const publicServices = SERVICES.some((s) => s.ingress);
    const baseline = new NamespaceBaseline(namespace, {
        spec: {
            ...applicationNamespace({
                name: namespace,
                budgets: [...SERVICES.map((s) => serviceBudget(s.name, config.services[s.name])), redisBudget(config)],
            }),
            // The ingress controller serves the public services' Ingresses in namespaces with this label.
            ...(publicServices ? { labels: ROUTES_NAMESPACE_LABELS } : {}),
        },
    }, after());
    // The ingress controller's role here (its routes and their TLS Secrets), before any Ingress.
    const ingressAccess = publicServices ? [routeAccess(`${namespace}-nginx-ingress`, namespace, objectAfter(baseline))] : [];
    const inNamespace = after(baseline, ...priorityClasses);

    const secrets = new ApplicationSecrets(`${namespace}-secrets`, {
        namespace,
        labels: APPLICATION_LABELS,
        jwtKeyIds: config.auth.jwtKeyIds,
        database: platform.database,
        apiKeys: config.apiKeys,
        services: SERVICES.map((s) => ({ name: s.name, labels: { ...selectorLabels(s), ...APPLICATION_LABELS }, apiKeys: s.uses.apiKeys })),
    }, inNamespace);

    const redis = new Redis(`${namespace}-redis`, {
        namespace,
        image: pinnedImage(REDIS_IMAGE_REPOSITORY, config.redis.image),
        exporterImage: pinnedImage(REDIS_EXPORTER_REPOSITORY, config.redis.exporterImage),
        storageGiB: config.redis.storageGiB,
        storageSetting: `${CONFIG_NAMESPACE}:redis.storageGiB`,
        storageClassName: storage.storageClassName,
        resources: config.redis.resources,
        priorityClassName: PRIORITY_CLASS_NAMES.trading,
        clients: redisClients(SERVICES),
        monitoringCrds,
    }, inNamespace);

    const redisEndpointOf = redisEndpoint(namespace);
    const specs = serviceSpecs(SERVICES, {
        namespace,
        config: config.services,
        repositories: repositoryUrls,
        traffic: serviceTraffic(SERVICES, {
            addresses: clusterAddresses(config.network),
            redis: { pods: REDIS_SELECTOR_LABELS, port: redisEndpointOf.port },
            databasePort: platform.database.port,
        }),
        interruptible: interruptibleCapacity(config),
        zonalCapacity: zonalCapacity(config),
        redis: redisEndpointOf,
        database: { secretName: DATABASE_CREDENTIALS_SECRET },
        jwt: { secretName: JWT_SIGNING_KEYS_SECRET },
        apiKeysSecretName,
    });
    // Pods start once the Secrets they mount and Redis exist.
    const services = Object.fromEntries(specs.map((spec) => [spec.definition.name, new Microservice(`${namespace}-${spec.definition.name}`, {
        spec,
        oidc: platform.cluster.oidc,
        permissionsBoundaryArn: config.iam.permissionsBoundaryArn,
        verticalPodAutoscalerCrds,
        monitoringCrds,
    }, after(baseline, ...priorityClasses, secrets, redis))]));

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
