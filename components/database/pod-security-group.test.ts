import { strict as assert } from "node:assert";
import { renderDatabaseClientPolicy, supportsPodSecurityGroups } from "./pod-security-group";

describe("database client pod security groups", () => {
    it("knows which instance types can give pods security groups of their own", () => {
        for (const type of ["m7i.large", "m7i.xlarge", "m6i.xlarge", "m7a.xlarge", "m6a.xlarge", "r7g.large", "c7g.2xlarge", "i3.large"]) assert.ok(supportsPodSecurityGroups(type), type);
        for (const type of ["t3.large", "t3a.medium", "t4g.large", "t2.micro", "m4.large", "c4.xlarge", "r4.large", "i3.metal"]) assert.ok(!supportsPodSecurityGroups(type), type);
    });

    it("gives the selected pods the cluster's group and the client group the database admits", () => {
        assert.deepEqual(renderDatabaseClientPolicy("signal-trading", "data-database-client", { "app.kubernetes.io/name": "data" }, ["sg-cluster", "sg-clients"]), {
            apiVersion: "vpcresources.k8s.aws/v1beta1",
            kind: "SecurityGroupPolicy",
            metadata: { name: "data-database-client", namespace: "signal-trading", labels: { "app.kubernetes.io/part-of": "signal-trading", "app.kubernetes.io/managed-by": "pulumi" } },
            spec: { podSelector: { matchLabels: { "app.kubernetes.io/name": "data" } }, securityGroups: { groupIds: ["sg-cluster", "sg-clients"] } },
        });
    });
});
