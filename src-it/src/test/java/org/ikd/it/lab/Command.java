package org.ikd.it.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion, bounded in time, and returns its output. */
public final class Command {
    private Command() {}

    public record Result(int exitCode, String stdout, String stderr) {
        public Result orThrow(List<String> argv) {
            if (exitCode != 0)
                throw new IllegalStateException(String.join(" ", argv) + " exited " + exitCode + ": " + stderr.strip() + " " + stdout.strip());
            return this;
        }
    }

    public static Result run(List<String> argv, long timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            var out = p.getInputStream();
            var err = p.getErrorStream();
            var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
            var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", argv) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), outF.get(5, TimeUnit.SECONDS), errF.get(5, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("output of " + argv.get(0) + " lost", e);
        }
    }

    /** Runs and fails unless the exit code is 0. */
    public static String check(String... argv) {
        return run(List.of(argv), 30).orThrow(List.of(argv)).stdout();
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public static boolean available(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
            if (new java.io.File(dir, program).canExecute()) return true;
        return false;
    }
}
