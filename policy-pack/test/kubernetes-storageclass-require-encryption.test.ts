import { strict as assert } from "node:assert";
import { kubernetesStorageclassRequireEncryption as policy } from "../kubernetes/kubernetes-storageclass-require-encryption";
import { resource, violations } from "./fixtures";
import { STORAGE_CLASS, storageClass } from "./fixtures-kubernetes";

describe("kubernetes-storageclass-require-encryption", () => {
    it("passes the gp3 class encrypted with the volumes key", () => {
        assert.deepEqual(violations(policy, [storageClass()]), []);
    });

    it("fails an EBS class that does not encrypt", () => {
        const sc = storageClass();
        sc.inputs.parameters.encrypted = "false";
        const found = violations(policy, [sc]);
        assert.deepEqual(found.map((v) => v.urn), [sc.urn]);
        assert.match(found[0].message, /gp3-encrypted \(kubernetes:storage\.k8s\.io\/v1:StorageClass\) does not encrypt its EBS volumes \(parameters\.encrypted is "false"\)\.$/);
    });

    it("fails an EBS class that leaves encrypted unset", () => {
        const sc = storageClass();
        delete sc.inputs.parameters.encrypted;
        assert.match(violations(policy, [sc])[0].message, /does not encrypt its EBS volumes \(parameters\.encrypted is unset\)\.$/);
    });

    it("fails an encrypted EBS class without a kmsKeyId, which uses the AWS-managed key", () => {
        const sc = storageClass();
        delete sc.inputs.parameters.kmsKeyId;
        const found = violations(policy, [sc]);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /needs a customer-managed KMS key: parameters\.kmsKeyId is unset\.$/);
    });

    it("fails an EBS class encrypted with the AWS-managed aws/ebs alias", () => {
        const sc = storageClass();
        sc.inputs.parameters.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/aws/ebs";
        assert.match(violations(policy, [sc])[0].message, /parameters\.kmsKeyId is arn:aws:kms:us-east-1:123456789012:alias\/aws\/ebs, an AWS-managed key\.$/);
    });

    it("fails a kmsKeyId that is not an ARN", () => {
        const sc = storageClass();
        sc.inputs.parameters.kmsKeyId = "0b7c9e4e-3d52-4f0e-9a7b-5c1d2e3f4a5b";
        assert.match(violations(policy, [sc])[0].message, /parameters\.kmsKeyId is "0b7c9e4e-3d52-4f0e-9a7b-5c1d2e3f4a5b", not a KMS key or alias ARN\.$/);
    });

    it("accepts a customer key given by alias ARN", () => {
        const sc = storageClass();
        sc.inputs.parameters.kmsKeyId = "arn:aws:kms:us-east-1:123456789012:alias/signal-trading-prod-volumes";
        assert.deepEqual(violations(policy, [sc]), []);
    });

    it("judges the in-tree EBS provisioner like the CSI driver", () => {
        const sc = storageClass();
        sc.inputs.provisioner = "kubernetes.io/aws-ebs";
        assert.deepEqual(violations(policy, [sc]), []);
        delete sc.inputs.parameters.encrypted;
        assert.match(violations(policy, [sc])[0].message, /does not encrypt its EBS volumes/);
    });

    it("fails another provisioner that is not allowed", () => {
        const efs = resource(STORAGE_CLASS, "efs", { inputs: { metadata: { name: "efs" }, provisioner: "efs.csi.aws.com", parameters: { provisioningMode: "efs-ap", fileSystemId: "fs-1" } } });
        assert.match(violations(policy, [efs])[0].message, /efs \(kubernetes:storage\.k8s\.io\/v1:StorageClass\) uses provisioner "efs\.csi\.aws\.com", which is neither EBS nor in allowedProvisioners, so its volumes' encryption is unknown\.$/);
    });

    it("accepts another provisioner once the config allows it", () => {
        const efs = resource(STORAGE_CLASS, "efs", { inputs: { metadata: { name: "efs" }, provisioner: "efs.csi.aws.com" } });
        assert.deepEqual(violations(policy, [efs], { allowedProvisioners: ["efs.csi.aws.com"] }), []);
    });

    it("ignores objects that are not StorageClasses", () => {
        assert.deepEqual(violations(policy, [resource("kubernetes:core/v1:PersistentVolumeClaim", "data", { inputs: { spec: { storageClassName: "gp2" } } })]), []);
    });
});
