import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { componentType } from "../../shared/naming";
import { exporterPasswordFile, usersFile } from "./config";
import {
    redisEndpoint, RedisSpec, renderRedisAuthSecret, renderRedisConfigMap, renderRedisNetworkPolicy, renderRedisPodDisruptionBudget,
    renderRedisServerSecret, renderRedisServiceAccount, renderRedisServiceMonitor, renderRedisServices, renderRedisStatefulSet, validateRedisSpec,
} from "./render";

export interface RedisArgs extends RedisSpec {
    /** The monitoring.coreos.com CRDs (the prometheus-operator-crds add-on), which the ServiceMonitor needs. */
    monitoringCrds: pulumi.Resource[];
}

/** Letters and digits only: nothing a config line, a JSON string or a client's URL would have to escape. */
const PASSWORD = { length: 32, special: false };

/** Redis for the trading services: its generated passwords, Secrets and the objects of render.ts. */
export class Redis extends pulumi.ComponentResource {
    /** The Service's DNS name in the cluster. */
    readonly host: string;
    readonly port: number;
    /** The Secret the services mount; its key `password` is the password of Redis's default user. */
    readonly passwordSecretName: string;
    readonly statefulSet: k8s.apps.v1.StatefulSet;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("workload", "Redis"), name, {}, opts);
        const problems = validateRedisSpec(args);
        if (problems.length > 0) throw new Error(`Redis ${name}: ${problems.join("; ")}`);
        const { monitoringCrds, ...spec } = args;
        const child = { parent: this };

        const clientsPassword = new random.RandomPassword(`${name}-password`, PASSWORD, child);
        const exporterPassword = new random.RandomPassword(`${name}-exporter-password`, PASSWORD, child);
        const files = {
            users: pulumi.all([clientsPassword.result, exporterPassword.result]).apply(([clients, exporter]) => usersFile({ clients, exporter })),
            exporterPasswords: exporterPassword.result.apply(exporterPasswordFile),
        };
        const podInputs = [
            new k8s.core.v1.Secret(`${name}-auth`, renderRedisAuthSecret(spec, clientsPassword.result), child),
            new k8s.core.v1.Secret(`${name}-server-auth`, renderRedisServerSecret(spec, files), child),
            new k8s.core.v1.ConfigMap(`${name}-config`, renderRedisConfigMap(spec), child),
            new k8s.core.v1.ServiceAccount(`${name}-service-account`, renderRedisServiceAccount(spec), child),
        ];
        const services = renderRedisServices(spec);
        new k8s.core.v1.Service(`${name}-service`, services.service, child);
        const headless = new k8s.core.v1.Service(`${name}-headless-service`, services.headless, child);
        const networkPolicy = new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, renderRedisNetworkPolicy(spec), child);
        // The pod mounts the Secrets and the config, runs as the account and starts isolated: all exist before it.
        this.statefulSet = new k8s.apps.v1.StatefulSet(`${name}-statefulset`, renderRedisStatefulSet(spec), { parent: this, dependsOn: [...podInputs, headless, networkPolicy] });
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, renderRedisPodDisruptionBudget(spec), child);
        new k8s.apiextensions.CustomResource(`${name}-service-monitor`, renderRedisServiceMonitor(spec), { parent: this, dependsOn: monitoringCrds });

        const endpoint = redisEndpoint(spec.namespace);
        this.host = endpoint.host;
        this.port = endpoint.port;
        this.passwordSecretName = endpoint.secretName;
        this.registerOutputs({ host: this.host, port: this.port, passwordSecretName: this.passwordSecretName });
    }
}
