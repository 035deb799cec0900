import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { claimVolume, volumeShrinkProblem } from "../../addons/storage/claim-volume";
import { componentType } from "../../shared/naming";
import { EXPORTER_USER, exporterPasswordFile, PROBE_USER, usersFile } from "./config";
import {
    redisDataClaim, redisEndpoint, RedisSpec, redisStorage, renderRedisClientSecret, renderRedisConfigMap, renderRedisDataVolumeSize, renderRedisNetworkPolicy,
    renderRedisPodDisruptionBudget, renderRedisServerSecret, renderRedisServiceAccount, renderRedisServiceMonitor, renderRedisServices, renderRedisStatefulSet,
    renderRedisTls, validateRedisSpec,
} from "./render";

export interface RedisArgs extends RedisSpec {
    /** This account's ECR registry host, whose pull-through caches serve the images (known once the cache rules are looked up). */
    registry: pulumi.Input<string>;
    /** The monitoring.coreos.com CRDs (the prometheus-operator-crds add-on), which the ServiceMonitor needs. */
    monitoringCrds: pulumi.Resource[];
    /** The cert-manager add-on (its CRDs and webhook), which the CA and the serving certificate need. */
    certManager: pulumi.Resource[];
    /** Where the operator sets storageGiB (its config key), for the error that refuses to shrink the volume. */
    storageSetting: string;
}

/** Letters and digits only: nothing a config line, a JSON string or a client's URL would have to escape. */
const PASSWORD = { length: 32, special: false };

/** Redis for the trading services: its generated passwords, Secrets, private CA and the objects of render.ts. */
export class Redis extends pulumi.ComponentResource {
    /** The Service's DNS name in the cluster. */
    readonly host: string;
    readonly port: number;
    /** Each client service's Secret (its Redis user name and password), by service name. */
    readonly clientSecrets: Record<string, k8s.core.v1.Secret>;
    readonly statefulSet: k8s.apps.v1.StatefulSet;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("workload", "Redis"), name, {}, opts);
        const problems = validateRedisSpec(args);
        if (problems.length > 0) throw new Error(`Redis ${name}: ${problems.join("; ")}`);
        const { monitoringCrds, certManager, storageSetting, registry, ...spec } = args;
        const child = { parent: this };

        // One password per user, so each service's Secret opens only its own user.
        const password = (user: string) => new random.RandomPassword(`${name}-${user}-password`, PASSWORD, child).result;
        const passwords: Record<string, pulumi.Output<string>> = Object.fromEntries(
            [EXPORTER_USER, PROBE_USER, ...spec.clients.map((client) => client.name)].map((user) => [user, password(user)]));
        const files = {
            users: pulumi.all(passwords).apply((plain) => usersFile(spec.clients, plain)),
            exporterPasswords: passwords[EXPORTER_USER].apply(exporterPasswordFile),
            probePassword: passwords[PROBE_USER],
        };
        this.clientSecrets = Object.fromEntries(spec.clients.map((client) => [client.name,
            new k8s.core.v1.Secret(`${name}-${client.name}-auth`, renderRedisClientSecret(spec, client, passwords[client.name]), child)]));

        // The CA's Issuer can sign only once the CA's Secret exists; cert-manager retries until then, so no ordering beyond the CRDs.
        const tls = renderRedisTls(spec);
        const afterCertManager = { parent: this, dependsOn: certManager };
        const tlsObjects = [
            new k8s.apiextensions.CustomResource(`${name}-self-signed-issuer`, tls.selfSignedIssuer, afterCertManager),
            new k8s.apiextensions.CustomResource(`${name}-ca-certificate`, tls.caCertificate, afterCertManager),
            new k8s.apiextensions.CustomResource(`${name}-ca-issuer`, tls.caIssuer, afterCertManager),
            new k8s.apiextensions.CustomResource(`${name}-certificate`, tls.certificate, afterCertManager),
        ];
        const podInputs = [
            ...tlsObjects,
            new k8s.core.v1.Secret(`${name}-server-auth`, renderRedisServerSecret(spec, files), child),
            new k8s.core.v1.ConfigMap(`${name}-config`, renderRedisConfigMap(spec), child),
            new k8s.core.v1.ServiceAccount(`${name}-service-account`, renderRedisServiceAccount(spec), child),
        ];
        const services = renderRedisServices(spec);
        new k8s.core.v1.Service(`${name}-service`, services.service, child);
        const headless = new k8s.core.v1.Service(`${name}-headless-service`, services.headless, child);
        const networkPolicy = new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, renderRedisNetworkPolicy(spec), child);
        // The pod mounts the Secrets and the config, runs as the account and starts isolated: all exist before it.
        this.statefulSet = new k8s.apps.v1.StatefulSet(`${name}-statefulset`, pulumi.output(registry).apply((host) => renderRedisStatefulSet(spec, host)), {
            parent: this,
            dependsOn: [...podInputs, headless, networkPolicy],
            // Claim templates are immutable, and pulumi-kubernetes would replace the StatefulSet (and leave
            // the claim at its old size) to change one: the template keeps the size the claim was created with.
            ignoreChanges: ["spec.volumeClaimTemplates"],
        });
        // The claim exists once the StatefulSet is ready (its pod runs on it); at creation it already has the
        // requested size, so the first patch changes nothing. The size may only grow: the claim's EBS volume,
        // read from AWS, decides, and a smaller setting fails before the claim is patched.
        const claim = redisDataClaim(spec.namespace);
        const storage = claimVolume(claim, { parent: this }).apply((volume) => {
            const problem = volumeShrinkProblem(claim, spec.storageGiB, volume);
            if (problem) throw new pulumi.RunError(`${storageSetting}: ${problem}`);
            return redisStorage(spec);
        });
        new k8s.core.v1.PersistentVolumeClaimPatch(`${name}-data-size`, renderRedisDataVolumeSize(spec, storage), {
            parent: this,
            dependsOn: [this.statefulSet],
            // Deleting the patch would give up the claim's required storage request, which the API refuses; the claim outlives Redis anyway.
            retainOnDelete: true,
        });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, renderRedisPodDisruptionBudget(spec), child);
        new k8s.apiextensions.CustomResource(`${name}-service-monitor`, renderRedisServiceMonitor(spec), { parent: this, dependsOn: monitoringCrds });

        const endpoint = redisEndpoint(spec.namespace);
        this.host = endpoint.host;
        this.port = endpoint.port;
        this.registerOutputs({ host: this.host, port: this.port });
    }
}
