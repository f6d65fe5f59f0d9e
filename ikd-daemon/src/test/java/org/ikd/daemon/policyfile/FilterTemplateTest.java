package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/** How {@code me} and {@code any} become prefixes (docs/policy-reference.md, "Addresses"). */
class FilterTemplateTest {
    static final Endpoint B = new Endpoint.Prefix(Subnet.parse("198.18.0.2"));
    static final Endpoint NET6 = new Endpoint.Prefix(Subnet.parse("2001:db8::/32"));
    static final List<java.net.InetAddress> LOCAL = List.of(PolicyFiles.HOST_A, PolicyFiles.address("198.18.0.9"),
            PolicyFiles.address("2001:db8::1"));

    private static FilterTemplate template(Endpoint src, Endpoint dst) {
        return new FilterTemplate(src, dst, 0, PortRange.ANY, PortRange.ANY, true);
    }

    private static Filter filter(String src, String dst) {
        return new Filter(Selector.between(Subnet.parse(src), Subnet.parse(dst)), true);
    }

    @Test
    void meBecomesOneHostFilterPerLocalAddressOfTheOtherSidesFamily() {
        assertEquals(List.of(filter("198.18.0.1", "198.18.0.2"), filter("198.18.0.9", "198.18.0.2")),
                template(Endpoint.ME, B).resolve(LOCAL));
        assertEquals(List.of(filter("2001:db8::/32", "2001:db8::1")), template(NET6, Endpoint.ME).resolve(LOCAL));
    }

    @Test
    void meWithAnyCoversEveryLocalAddressInItsOwnFamily() {
        assertEquals(List.of(filter("198.18.0.1", "0.0.0.0/0"), filter("198.18.0.9", "0.0.0.0/0"), filter("2001:db8::1", "::/0")),
                template(Endpoint.ME, Endpoint.ANY).resolve(LOCAL));
    }

    @Test
    void anyTakesTheFamilyOfTheOtherSideAndIsIpv4AgainstAny() {
        assertEquals(List.of(filter("::/0", "2001:db8::/32")), template(Endpoint.ANY, NET6).resolve(LOCAL));
        assertEquals(List.of(filter("0.0.0.0/0", "0.0.0.0/0")), template(Endpoint.ANY, Endpoint.ANY).resolve(LOCAL));
    }

    @Test
    void meWithoutALocalAddressOfTheRightFamilyGivesNoFilter() {
        assertEquals(List.of(), template(Endpoint.ME, NET6).resolve(List.of(PolicyFiles.HOST_A)));
        assertEquals(List.of(), template(Endpoint.ME, B).resolve(List.of()));
    }
}
