import { strict as assert } from "node:assert";
import { cidrCoverage, coverageProblems, parseCidrRange } from "../lib/cidr";

describe("lib/cidr", () => {
    it("parses IPv4 and IPv6 blocks into address ranges", () => {
        assert.deepEqual(parseCidrRange("10.0.0.0/8"), { family: "ipv4", first: 0x0a000000n, last: 0x0affffffn, prefixLength: 8 });
        const v6 = parseCidrRange("2001:db8::/32");
        assert.ok(typeof v6 !== "string");
        assert.equal(v6.first, 0x20010db8n << 96n);
        assert.equal(v6.last - v6.first + 1n, 1n << 96n);
    });

    it("refuses what is not a CIDR", () => {
        for (const bad of ["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "01.0.0.0/8", "10.0.0.1/8", "2001:db8::1::/64", "2001:db8::/129", "abc/8", "10.0.0.0/-1"]) {
            assert.equal(typeof parseCidrRange(bad), "string", bad);
        }
    });

    it("counts overlapping and nested blocks once", () => {
        assert.equal(cidrCoverage(["0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8"]).addresses.ipv4, 1n << 32n);
        assert.equal(cidrCoverage(["203.0.113.0/25", "203.0.113.64/26", "203.0.113.128/25"]).addresses.ipv4, 256n);
        assert.equal(cidrCoverage(["198.51.100.0/24", "203.0.113.0/24"]).addresses.ipv4, 512n);
        assert.equal(cidrCoverage(["::/1", "8000::/1"]).addresses.ipv6, 1n << 128n);
    });

    it("reports each invalid entry and each family over its limit", () => {
        assert.deepEqual(coverageProblems(["203.0.113.0/24"]), []);
        assert.deepEqual(coverageProblems(["0.0.0.0/1", "128.0.0.0/1", "::/47", "bad"]), [
            "\"bad\" is not a CIDR (address/prefix length)",
            "together cover 4294967296 IPv4 addresses, more than one /24 (256)",
            "together cover 2417851639229258349412352 IPv6 addresses, more than one /48 (1208925819614629174706176)",
        ]);
    });
});
