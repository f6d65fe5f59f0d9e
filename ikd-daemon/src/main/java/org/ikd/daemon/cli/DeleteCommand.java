package org.ikd.daemon.cli;

import java.util.concurrent.Callable;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.ControlRequest.SaKind;
import org.ikd.daemon.control.Outcome;
import picocli.CommandLine;
import picocli.CommandLine.Parameters;

@CommandLine.Command(name = "delete", description = "Deletes a Main Mode or Quick Mode SA and sends the peer a Delete"
        + " payload. IDs are in: ikdctl show mm / show qm.")
final class DeleteCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    Ikdctl root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "mm|qm", description = "mm (Main Mode SA) or qm (Quick Mode SA)")
    String kind;

    @Parameters(index = "1", paramLabel = "ID", description = "the SA's ID")
    long id;

    @Override
    public Integer call() throws ControlException {
        SaKind k = switch (kind.toLowerCase(java.util.Locale.ROOT)) {
            case "mm" -> SaKind.MM;
            case "qm" -> SaKind.QM;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "cannot delete a '" + kind + "' SA (expected: mm or qm)");
        };
        Outcome o = root.client().call(ControlRequest.delete(k, id), Outcome.class);
        root.terminal().out().println(o.message());
        return ExitStatus.OK.code;
    }
}
