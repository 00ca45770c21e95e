package io.lpreg.plugin.wireguard.linux;

/** A network namespace of the test's own, deleted on close. */
final class Netns implements AutoCloseable {
    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    static Netns create(String role) {
        Netns netns = new Netns("lp" + role + Sh.unique());
        Sh.run("ip", "netns", "add", netns.name);
        try {
            Sh.run("ip", "-n", netns.name, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            netns.close();
            throw e;
        }
        return netns;
    }

    /** A veth pair between two namespaces with an address on each end, e.g. 10.233.7.1/30 and 10.233.7.2/30. */
    static void link(Netns a, String addressA, Netns b, String addressB) {
        String suffix = Sh.unique();
        String endA = "lpv" + suffix + "a";
        String endB = "lpv" + suffix + "b";
        Sh.run("ip", "-n", a.name, "link", "add", endA, "type", "veth", "peer", "name", endB, "netns", b.name);
        Sh.run("ip", "-n", a.name, "address", "add", addressA, "dev", endA);
        Sh.run("ip", "-n", b.name, "address", "add", addressB, "dev", endB);
        Sh.run("ip", "-n", a.name, "link", "set", endA, "up");
        Sh.run("ip", "-n", b.name, "link", "set", endB, "up");
    }

    String name() {
        return name;
    }

    /** Deleting the namespace removes its veth ends and interfaces (processes in it must be stopped first). */
    @Override
    public void close() {
        Sh.quietly("ip", "netns", "delete", name);
    }
}
