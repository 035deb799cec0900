import { strict as assert } from "node:assert";
import { awsRdsRequireTls as policy } from "../aws/aws-rds-require-tls";
import { resource, violations } from "./fixtures";
import { postgresDatabase } from "./fixtures-services";

describe("aws-rds-require-tls", () => {
    it("passes a PostgreSQL instance whose parameter group forces SSL (matches)", () => {
        assert.deepEqual(violations(policy, postgresDatabase().all), []);
    });

    it("fails an instance without a parameter group of the stack (no partner)", () => {
        const { provider, instance } = postgresDatabase();
        const found = violations(policy, [provider, instance]);
        assert.deepEqual(found.map((v) => v.urn), [instance.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) uses no parameter group of the stack, so nothing sets rds\.force_ssl = 1\.$/);
    });

    it("fails an instance when the forcing parameter group belongs to another instance (mismatched partner)", () => {
        const db = postgresDatabase();
        const other = resource("aws:rds/instance:Instance", "other-db", { inputs: { engine: "postgres" }, propertyDependsOn: { parameterGroupName: [db.parameterGroup] } });
        const lone = resource("aws:rds/instance:Instance", "lone-db", { inputs: { engine: "postgres" } });
        assert.deepEqual(violations(policy, [db.parameterGroup, other, lone]).map((v) => v.urn), [lone.urn]);
    });

    it("fails a parameter group that does not force SSL, naming it", () => {
        const { parameterGroup, instance, all } = postgresDatabase();
        parameterGroup.outputs = { ...parameterGroup.outputs, parameters: [{ name: "rds.force_ssl", value: "0" }] };
        const found = violations(policy, all);
        assert.deepEqual(found.map((v) => v.urn), [instance.urn]);
        assert.match(found[0].message, /db \(aws:rds\/instance:Instance\) uses db-params, which does not set rds\.force_ssl = 1\.$/);
    });

    it("finds a parameter group through an explicit dependency", () => {
        const { provider, parameterGroup } = postgresDatabase();
        const db = resource("aws:rds/instance:Instance", "db", { provider, inputs: { engine: "postgres", parameterGroupName: "signal-trading-db" }, dependsOn: [parameterGroup] });
        assert.deepEqual(violations(policy, [provider, parameterGroup, db]), []);
    });

    it("requires require_secure_transport ON for MySQL", () => {
        const group = resource("aws:rds/parameterGroup:ParameterGroup", "mysql-params", { inputs: { family: "mysql8.4", parameters: [{ name: "require_secure_transport", value: "OFF" }] } });
        const db = resource("aws:rds/instance:Instance", "mysql", { inputs: { engine: "mysql" }, propertyDependsOn: { parameterGroupName: [group] } });
        assert.match(violations(policy, [group, db])[0].message, /uses mysql-params, which does not set require_secure_transport = 1\.$/);
        group.outputs = { ...group.outputs, parameters: [{ name: "require_secure_transport", value: "ON" }] };
        assert.deepEqual(violations(policy, [group, db]), []);
    });

    it("leaves engines without a TLS parameter to other checks", () => {
        assert.deepEqual(violations(policy, [resource("aws:rds/instance:Instance", "oracle", { inputs: { engine: "oracle-se2" } })]), []);
    });
});
