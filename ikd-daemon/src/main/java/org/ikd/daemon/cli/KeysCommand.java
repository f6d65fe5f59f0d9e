package org.ikd.daemon.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.KeyTable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

@CommandLine.Command(name = "keys", description = "Root only. Writes the current IKE and ESP keys as Wireshark's"
        + " ikev1_decryption_table and esp_sa files into DIR, so captures can be decrypted. Anyone who can read"
        + " them can decrypt this host's IPsec traffic.")
final class KeysCommand implements Callable<Integer> {
    static final String WARNING = """
            WARNING: ikdctl keys writes the secret keys of every current IKE and ESP SA to disk.
            WARNING: anyone who can read these files can decrypt this host's IPsec traffic.
            WARNING: use them for packet analysis only, and delete them when done.""";

    @CommandLine.ParentCommand
    Ikdctl root;

    @Option(names = "--wireshark", paramLabel = "DIR", required = true,
            description = "directory for ikev1_decryption_table and esp_sa (created 0700; files 0600)")
    Path dir;

    @Override
    public Integer call() throws ControlException, IOException {
        Terminal t = root.terminal();
        t.err().println(WARNING);
        t.err().flush();
        KeyTable keys = root.client().call(ControlRequest.of(ControlRequest.Command.KEYS), KeyTable.class);
        List<Path> files = WiresharkFiles.write(dir, keys);
        t.out().println("wrote " + keys.ike().size() + " IKE key(s) to " + files.get(0) + " and " + keys.esp().size()
                + " ESP key(s) to " + files.get(1));
        t.out().println("copy both files into your Wireshark profile (e.g. ~/.config/wireshark/), then open the capture");
        return ExitStatus.OK.code;
    }
}
