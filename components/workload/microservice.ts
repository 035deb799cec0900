/**
 * One microservice in the cluster: its IRSA role when it uses AWS, then the objects its spec
 * renders to (render/), each as its own resource so the policy pack sees every one.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OidcIdentity, ServiceAccountRole } from "../cluster/irsa";
import { policyDocument } from "../shared/iam";
import { componentType } from "../shared/naming";
import { renderMicroservice } from "./render";
import { ServiceSpec } from "./spec";

export interface MicroserviceArgs {
    spec: ServiceSpec;
    /** The cluster's OIDC identity, which the IRSA role of a service that uses AWS trusts; needed only then. */
    oidc?: OidcIdentity;
    /** Managed policy set as the permissions boundary of the service's IRSA role; none leaves it unbounded. */
    permissionsBoundaryArn?: pulumi.Input<string>;
    /** What installs the VerticalPodAutoscaler CRD (the VPA add-on). */
    verticalPodAutoscalerCrds: pulumi.Resource[];
    /** What installs the ServiceMonitor CRD (prometheus-operator-crds). */
    monitoringCrds: pulumi.Resource[];
}

export class Microservice extends pulumi.ComponentResource {
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
    readonly deployment: k8s.apps.v1.Deployment;
    readonly service: k8s.core.v1.Service;
    /** The Service's name, which callers resolve in the namespace. */
    readonly serviceName: pulumi.Output<string>;
    /** The IAM role its pods assume, for a service that uses AWS. */
    readonly awsRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: MicroserviceArgs, opts?: pulumi.ComponentResourceOptions) {
        const { definition, namespace } = args.spec;
        const awsStatements = definition.uses.aws ?? [];
        if (awsStatements.length > 0 && !args.oidc) {
            throw new Error(`service ${definition.name} uses AWS, so its IRSA role needs the cluster's OIDC identity (args.oidc)`);
        }
        super(componentType("workload", "Microservice"), name, {}, opts);
        const parent = { parent: this };

        if (awsStatements.length > 0 && args.oidc) {
            this.awsRoleArn = new ServiceAccountRole(`${name}-irsa`, {
                oidc: args.oidc,
                namespace,
                serviceAccountName: definition.name,
                policy: JSON.stringify(policyDocument(...awsStatements)),
                // The ServiceAccount is one of the service's objects, below.
                createServiceAccount: false,
                permissionsBoundaryArn: args.permissionsBoundaryArn,
            }, parent).roleArn;
        }
        const objects = renderMicroservice(args.spec, this.awsRoleArn);

        this.serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-service-account`, objects.serviceAccount, parent);
        const rbac = objects.role && objects.roleBinding ? [
            new k8s.rbac.v1.Role(`${name}-role`, objects.role, parent),
            new k8s.rbac.v1.RoleBinding(`${name}-role-binding`, objects.roleBinding, parent),
        ] : [];
        const networkPolicy = new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, objects.networkPolicy, parent);
        // Pods start under their identity (and its API rights) and already isolated to their declared flows.
        this.deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, objects.deployment,
            { parent: this, dependsOn: [this.serviceAccount, networkPolicy, ...rbac] });
        this.service = new k8s.core.v1.Service(`${name}-service`, objects.service, parent);
        new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, objects.horizontalPodAutoscaler, parent);
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, objects.podDisruptionBudget, parent);
        new k8s.apiextensions.CustomResource(`${name}-vpa`, objects.verticalPodAutoscaler, { parent: this, dependsOn: args.verticalPodAutoscalerCrds });
        new k8s.apiextensions.CustomResource(`${name}-service-monitor`, objects.serviceMonitor, { parent: this, dependsOn: args.monitoringCrds });

        this.serviceName = this.service.metadata.name;
        this.registerOutputs({ serviceName: this.serviceName });
    }
}
