import { strict as assert } from "node:assert";
import { evaluatePolicies } from "../../tools/policy/engine";
import { awsEksRequireAccessEntries as policy } from "../aws/aws-eks-require-access-entries";
import { eksCluster } from "./fixtures-eks";
import { violations } from "./fixtures";

describe("aws-eks-require-access-entries", () => {
    it("passes a cluster in API mode without creator admin", () => {
        assert.deepEqual(violations(policy, [eksCluster()]), []);
    });

    it("reports at the policy's advisory level by default", () => {
        const cluster = eksCluster();
        cluster.inputs.accessConfig.authenticationMode = "CONFIG_MAP";
        const found = evaluatePolicies([policy], "mandatory", {}, [cluster]).violations;
        assert.deepEqual(found.map((v) => v.enforcementLevel), ["advisory"]);
    });

    it("fails a cluster that still authenticates through the aws-auth ConfigMap", () => {
        const cluster = eksCluster();
        cluster.inputs.accessConfig.authenticationMode = "API_AND_CONFIG_MAP";
        const found = violations(policy, [cluster]);
        assert.deepEqual(found.map((v) => v.urn), [cluster.urn]);
        assert.match(found[0].message, /platform-cluster \(aws:eks\/cluster:Cluster\) uses authentication mode API_AND_CONFIG_MAP; allowed: API\.$/);
    });

    it("accepts API_AND_CONFIG_MAP where the config allows it during a migration", () => {
        const cluster = eksCluster();
        cluster.inputs.accessConfig.authenticationMode = "API_AND_CONFIG_MAP";
        assert.deepEqual(violations(policy, [cluster], { allowedModes: ["API", "API_AND_CONFIG_MAP"] }), []);
    });

    it("fails a cluster that grants its creator cluster-admin", () => {
        const cluster = eksCluster();
        cluster.inputs.accessConfig.bootstrapClusterCreatorAdminPermissions = true;
        assert.match(violations(policy, [cluster])[0].message, /grants its creator cluster-admin \(accessConfig\.bootstrapClusterCreatorAdminPermissions is true\)\.$/);
    });

    it("fails a cluster without accessConfig on both counts, since EKS defaults are CONFIG_MAP and creator admin", () => {
        const cluster = eksCluster();
        delete cluster.inputs.accessConfig;
        const found = violations(policy, [cluster]);
        assert.equal(found.length, 2);
        assert.match(found[0].message, /uses authentication mode unset \(EKS default CONFIG_MAP\); allowed: API\.$/);
        assert.match(found[1].message, /bootstrapClusterCreatorAdminPermissions is unset, default true\)\.$/);
    });
});
