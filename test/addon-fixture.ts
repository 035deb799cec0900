/**
 * A platform for add-on tests: a stack's parsed config, an EKS cluster on its network and
 * stand-ins for the node groups, volumes key and backup bucket. Call `addonContext` inside a
 * `registrationsOf` build function; the add-on's own settings come from the test.
 */
import * as pulumi from "@pulumi/pulumi";
import { AddonContext } from "../components/addons/addon";
import { nodeGroupPlacement } from "../components/cluster/placement";
import { ClusterAddresses } from "../components/namespace/traffic";
import { StackConfig } from "../stacks/config/schema";
import { parsedStackConfig } from "../tools/offline/stack-config";
import { KEYS, networkAndCluster } from "./eks-fixture";

/** The prod network's addresses as namespace rules name them: the VPC and its control-plane subnets. */
/** The offline account's ECR registry in the mocks' default region, where the add-ons' images are pulled through the caches. */
export const REGISTRY = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

export const ADDRESSES: ClusterAddresses = {
    vpcCidr: "10.40.0.0/16",
    controlPlaneCidrs: ["10.40.160.0/27", "10.40.161.0/27", "10.40.162.0/27"],
    databaseCidrs: ["10.40.144.0/24", "10.40.148.0/24", "10.40.152.0/24"],
};
/** The peers of a rule that names the control plane. */
export const CONTROL_PLANE_PEERS = ADDRESSES.controlPlaneCidrs.map((cidr) => ({ cidr }));

export const BACKUPS = {
    bucketName: "signal-trading-prod-backups-1a2b3c4",
    bucketArn: "arn:aws:s3:::signal-trading-prod-backups-1a2b3c4",
    kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/backups",
};

/** The stack file's config, validated and with its defaults, as the program sees it. */
export function parsedConfig(stack: "dev" | "prod", change: (raw: Record<string, any>) => void = () => undefined): StackConfig {
    return parsedStackConfig(stack, change);
}

export function addonContext(stack: "dev" | "prod"): AddonContext {
    const { cluster } = networkAndCluster(stack);
    return {
        cluster,
        placement: nodeGroupPlacement("system", parsedConfig(stack).nodeGroups.system.taints),
        scalableGroups: [{ namePrefix: "system-", capacityType: "ON_DEMAND" }],
        prerequisites: [],
        volumesKeyArn: KEYS.volumes,
        logsKeyArn: KEYS.logs,
        backups: {
            bucketName: pulumi.output(BACKUPS.bucketName),
            bucketArn: pulumi.output(BACKUPS.bucketArn),
            kmsKeyArn: pulumi.output(BACKUPS.kmsKeyArn),
        },
    };
}
