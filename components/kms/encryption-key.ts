import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsAccount } from "../shared/aws-account";
import { componentType } from "../shared/naming";
import { keyPolicy, KeyServiceUse, KeyUser } from "./key-policy";

export interface EncryptionKeyArgs {
    /** What the key protects, shown in the KMS console. */
    description: string;
    deletionWindowDays: number;
    /** Services that use the key for this account without a role of ours. */
    services?: KeyServiceUse[];
    /** The program's roles that use the key. */
    users?: KeyUser[];
    /** Who administers and who maintains the key (key-policy.ts); none leaves it to the account root (the bootstrap's own keys, which its administrator runs). */
    administrators?: KeyAdministrators;
    /** Pulumi refuses to delete the key: data that must outlive a `pulumi destroy` is encrypted with it. */
    protect?: boolean;
    /**
     * `pulumi destroy` leaves the key enabled instead of scheduling its deletion: what it encrypts
     * outlives the stack (a final database snapshot, volume snapshots), and would be unreadable
     * once the key is gone. Its alias goes, so a recreated stack takes the name for its new key.
     */
    retainOnDelete?: boolean;
}

/** The principals of a key's administration: the break-glass role and the deploy role (`iam.breakGlassRoleArn`, `iam.deployRoleArn`). */
export interface KeyAdministrators {
    administratorArns: string[];
    maintainerArns: string[];
}

/**
 * A customer-managed symmetric KMS key with yearly rotation, a deletion window and an alias
 * `alias/<name>`. One key per purpose keeps the blast radius of a key policy mistake, or of
 * a scheduled deletion, to one kind of data.
 */
export class EncryptionKey extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super(componentType("kms", "EncryptionKey"), name, {}, opts);
        const account = awsAccount(this);

        const key = new aws.kms.Key(`${name}-key`, {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: args.deletionWindowDays,
            policy: pulumi.all([account.partition, account.accountId, account.region]).apply(([p, accountId, r]) =>
                JSON.stringify(keyPolicy({
                    partition: p, accountId, region: r, ...(args.administrators ?? { administratorArns: [], maintainerArns: [] }),
                    maintainersMayDelete: !args.protect && !args.retainOnDelete, services: args.services ?? [], users: args.users ?? [],
                }))),
            tags: { Name: name },
        }, { parent: this, protect: args.protect, retainOnDelete: args.retainOnDelete });
        new aws.kms.Alias(`${name}-alias`, { name: `alias/${name}`, targetKeyId: key.keyId }, { parent: this });

        this.arn = key.arn;
        this.keyId = key.keyId;
        this.registerOutputs({ arn: this.arn });
    }
}
