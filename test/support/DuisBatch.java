import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Runs the DCC signing tool (from the devDependency @smartdcc/duis-sign-wrap, on the class path) on
 * many files in one JVM, for the interop tests (test/support/oracles.ts): a JVM per file costs about
 * a second, so signing every DUIS template that way takes minutes.
 *
 * Usage: java -cp tool.jar DuisBatch.java sign|validate OUTDIR FILE...
 * For each FILE writes OUTDIR/NAME (the tool's stdout: with sign, the signed document),
 * OUTDIR/NAME.err (its stderr) and OUTDIR/NAME.rc (its result code name, SUCCESS when it signed or
 * the document passed XSD and signature checks).
 */
public final class DuisBatch {
  public static void main(String[] args) throws Exception {
    boolean sign = args.length >= 2 && args[0].equals("sign");
    if (args.length < 2 || !(sign || args[0].equals("validate"))) {
      System.err.println("usage: DuisBatch sign|validate OUTDIR FILE...");
      System.exit(2);
    }
    Path out = Paths.get(args[1]);
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    for (int i = 2; i < args.length; i++) {
      String name = Paths.get(args[i]).getFileName().toString();
      Object code;
      try (PrintStream o = new PrintStream(new FileOutputStream(out.resolve(name).toFile()), true, "UTF-8");
          PrintStream e = new PrintStream(new FileOutputStream(out.resolve(name + ".err").toFile()), true, "UTF-8")) {
        System.setOut(o);
        System.setErr(e);
        try {
          code =
              sign
                  ? uk.co.smartdcc.boxed.xmldsig.Sign.main_aux(new String[] {args[i], "--preserveCounter"})
                  : uk.co.smartdcc.boxed.xmldsig.Validate.main_aux(new String[] {args[i]});
        } catch (RuntimeException ex) {
          code = "EXCEPTION " + ex;
        } finally {
          System.setOut(stdout);
          System.setErr(stderr);
        }
      }
      try (PrintStream rc = new PrintStream(new FileOutputStream(out.resolve(name + ".rc").toFile()), true, "UTF-8")) {
        rc.print(String.valueOf(code));
      }
    }
  }
}
