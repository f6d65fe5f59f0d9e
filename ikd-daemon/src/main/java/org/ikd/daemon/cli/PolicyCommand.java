package org.ikd.daemon.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.PolicyExport;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "policy", description = "Adds, deletes or exports dynamic rules (ipsecpol's dynamic mode): they"
        + " change the running policy only and are forgotten when ikd restarts, unless added with --persist.",
        subcommands = {PolicyCommand.Add.class, PolicyCommand.Delete.class, PolicyCommand.Export.class})
final class PolicyCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "which policy command? (expected: add, delete or export)");
    }

    @CommandLine.Command(name = "add", description = "Adds a dynamic rule with one filter, ahead of the policy file's"
            + " rules, checked as ikd check checks a file. Example: ikdctl policy add lab2 --source me --destination"
            + " 198.18.1.0/24 --method esp:aes128-sha1 --psk-file /etc/ikd/lab2.psk")
    static final class Add implements Callable<Integer> {
        @CommandLine.ParentCommand
        PolicyCommand policy;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "the new rule's name")
        String name;

        @Option(names = "--source", required = true, paramLabel = "ADDR",
                description = "address, prefix (198.18.0.0/24), me (this host) or any")
        String source;

        @Option(names = "--destination", required = true, paramLabel = "ADDR", description = "as --source")
        String destination;

        @Option(names = "--protocol", paramLabel = "PROTO", description = "any (default), icmp, tcp, udp or a number")
        String protocol = "any";

        @Option(names = "--source-port", paramLabel = "PORT", description = "TCP/UDP source port (default: any)")
        Integer sourcePort;

        @Option(names = "--destination-port", paramLabel = "PORT", description = "TCP/UDP destination port (default: any)")
        Integer destinationPort;

        @Option(names = "--no-mirror", description = "do not also match the reverse direction")
        boolean noMirror;

        @Option(names = "--action", paramLabel = "ACTION", description = "negotiate (default), permit or block")
        String action = "negotiate";

        @Option(names = "--method", paramLabel = "METHOD", description = "security method, in offer order, e.g."
                + " esp:aes128-sha1, esp:aes256gcm16, ah:sha1+esp:aes128-sha1; repeat for several")
        List<String> methods = new ArrayList<>();

        @Option(names = "--lifetime", paramLabel = "SECONDS", description = "Quick Mode SA lifetime (default: 3600)")
        Long lifetimeSeconds;

        @Option(names = "--lifetime-kb", paramLabel = "KB", description = "Quick Mode SA volume limit (default: 100000)")
        Long lifetimeKilobytes;

        @Option(names = "--pfs", paramLabel = "GROUP", description = "session-key PFS with this DH group, e.g. modp2048")
        String pfsGroup;

        @Option(names = "--accept-unsecured", description = "accept unsecured communication, but always respond using IPsec")
        boolean acceptUnsecured;

        @Option(names = "--fallback-to-clear", description = "allow unsecured communication with non-IPsec-aware computers")
        boolean fallbackToClear;

        @Option(names = "--psk-file", paramLabel = "FILE", description = "pre-shared key file (mode 0600, readable by ikd); a relative path is taken from the current"
                + " directory, as the shell completes it, and sent to ikd as an absolute path")
        Path pskFile;

        @Option(names = "--tunnel", paramLabel = "ADDR", description = "the peer's tunnel endpoint (default: transport mode)")
        String tunnel;

        @Option(names = "--cert", paramLabel = "FILE", description = "our certificate (PEM); with --key and --ca, instead of or after --psk-file")
        Path certificate;

        @Option(names = "--key", paramLabel = "FILE", description = "the certificate's private key (PEM, mode 0600)")
        Path key;

        @Option(names = "--ca", paramLabel = "FILE", description = "a CA certificate we trust (repeatable)")
        List<Path> cas = new ArrayList<>();

        @Option(names = "--crl", paramLabel = "FILE", description = "a CRL of that CA")
        Path crl;

        @Option(names = "--local-id", paramLabel = "ID", description = "the ID we send (policy-reference.md: identities)")
        String localId;

        @Option(names = "--peer-id", paramLabel = "ID", description = "the ID the peer must send")
        String peerId;

        @Option(names = "--dpd-delay", paramLabel = "DURATION", description = "Dead Peer Detection: idle time before R-U-THERE, e.g. 30s")
        String dpdDelay;

        @Option(names = "--dpd-timeout", paramLabel = "DURATION", description = "silence after which the peer is dead, e.g. 150s")
        String dpdTimeout;

        @Option(names = "--dpd-action", paramLabel = "ACTION", description = "clear, hold or restart (with DPD on)")
        String dpdAction;

        @Option(names = "--nat-traversal", paramLabel = "MODE", description = "auto (default), force or off")
        String natTraversal;

        @Option(names = "--nat-keepalive", paramLabel = "DURATION", description = "NAT keepalive interval behind a NAT (default 20s)")
        String natKeepalive;

        @Option(names = "--replay-window", paramLabel = "N", description = "anti-replay window in packets (default 64; 0 off)")
        Integer replayWindow;

        @Option(names = "--aggressive", description = "phase 1 in Aggressive Mode with the pre-shared key (opt-in: the key can be"
                + " cracked offline from one captured exchange; policy-reference.md, Aggressive Mode)")
        boolean aggressive;

        @Option(names = "--persist", description = "also keep the rule in policy.d/NAME.toml beside the policy file, read at start")
        boolean persist;

        @Override
        public Integer call() throws ControlException {
            if (!List.of("negotiate", "permit", "block").contains(action))
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "unknown --action '" + action + "' (expected: negotiate, permit or block)");
            if (action.equals("negotiate") && methods.isEmpty())
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--action negotiate needs at least one --method (e.g. --method esp:aes128-sha1)");
            DynamicRule.FilterSpec filter = new DynamicRule.FilterSpec(source, destination, protocol, sourcePort,
                    destinationPort, !noMirror);
            DynamicRule rule = new DynamicRule(name, List.of(filter), action, methods, lifetimeSeconds, lifetimeKilobytes,
                    pfsGroup, acceptUnsecured, fallbackToClear,
                    absolute(pskFile), tunnel, new DynamicRule.Options(absolute(certificate), absolute(key),
                    cas.stream().map(Add::absolute).toList(), absolute(crl), localId, peerId, dpdDelay, dpdTimeout, dpdAction,
                    natTraversal, natKeepalive, replayWindow, persist, aggressive));
            Outcome o = policy.root.client().call(ControlRequest.addRule(rule), Outcome.class);
            policy.root.terminal().out().println(o.message());
            return ExitStatus.OK.code;
        }

        /** ikdctl's working directory makes a relative path absolute: the daemon's is elsewhere. */
        private static String absolute(Path p) {
            return p == null ? null : p.toAbsolutePath().toString();
        }
    }

    @CommandLine.Command(name = "export", description = {"Prints the policy in force as the files it came from:"
            + " the policy file as ikd parsed it, then each dynamic rule as its one-rule policy file (a policy.d drop-in).",
            "With --dir DIR: writes DIR/policy.toml and DIR/policy.d/NAME.toml instead (relative paths in them stay"
            + " relative to the policy file's directory). No key is ever in them."})
    static final class Export implements Callable<Integer> {
        @CommandLine.ParentCommand
        PolicyCommand policy;

        @Option(names = "--dir", paramLabel = "DIR", description = "write the files into DIR instead of printing them")
        Path dir;

        @Override
        public Integer call() throws ControlException {
            PolicyExport e = policy.root.client().call(ControlRequest.of(ControlRequest.Command.POLICY_EXPORT), PolicyExport.class);
            java.io.PrintWriter out = policy.root.terminal().out();
            if (dir == null) {
                out.print("# ikdctl policy export: " + e.file() + " as ikd parsed it\n" + e.policy());
                e.dynamicRules().forEach((name, text) -> out.print("\n# ---- dynamic rule '" + name
                        + "' (ikdctl policy add), as its drop-in policy.d/" + name + ".toml ----\n"
                        + text.lines().map(l -> "# " + l).collect(java.util.stream.Collectors.joining("\n")) + "\n"));
                return ExitStatus.OK.code;
            }
            try {
                java.nio.file.Files.createDirectories(dir.resolve("policy.d"));
                java.nio.file.Files.writeString(dir.resolve("policy.toml"), e.policy());
                for (var r : e.dynamicRules().entrySet())
                    java.nio.file.Files.writeString(dir.resolve("policy.d").resolve(r.getKey() + ".toml"), r.getValue());
            } catch (java.io.IOException ex) {
                throw new ControlException(org.ikd.daemon.control.ErrorCode.FAILED, "cannot write into " + dir + ": " + ex.getMessage(), ex);
            }
            out.println("wrote " + dir.resolve("policy.toml") + " and " + e.dynamicRules().size() + " drop-in(s) in " + dir.resolve("policy.d"));
            return ExitStatus.OK.code;
        }
    }

    @CommandLine.Command(name = "delete", description = "Deletes a dynamic rule and the SAs it negotiated (and its policy.d file).")
    static final class Delete implements Callable<Integer> {
        @CommandLine.ParentCommand
        PolicyCommand policy;

        @Parameters(index = "0", paramLabel = "NAME", description = "the dynamic rule's name")
        String name;

        @Override
        public Integer call() throws ControlException {
            Outcome o = policy.root.client().call(ControlRequest.deleteRule(name), Outcome.class);
            policy.root.terminal().out().println(o.message());
            return ExitStatus.OK.code;
        }
    }
}
