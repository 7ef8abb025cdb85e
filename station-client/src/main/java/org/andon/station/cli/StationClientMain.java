package org.andon.station.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.andon.station.StationClient;
import org.andon.station.link.PlantTrust;
import org.andon.station.link.StompLinkFactory;

/** The station terminal: a full-screen andon panel for the worker, or line-by-line commands with {@code --script}. */
@Command(name = "station-client", mixinStandardHelpOptions = true, version = "station-client 0.1.0",
		sortOptions = false, usageHelpAutoWidth = true,
		header = "The andon terminal at one station of the line.",
		description = {
			"",
			"Shows the station's state (RUNNING, STOPPED, HALTED) in large letters,",
			"the stop that holds it and since when, the part at hand, and whether the",
			"terminal is ONLINE. The worker acts with single keys:",
			"  S stop the line        Y call for help      A accept a part",
			"  P pass a part on       R reject a part      D defect in own work",
			"  C clear a defect       N new part           H help    Q quit",
			"A serial is typed or scanned, then Enter.",
			"",
			"Every command is written to disk before it is sent and is sent again",
			"until the server answers: nothing is lost while the network or the",
			"server is down. A STOP pressed while OFFLINE shows in red on the",
			"screen: call your lead.",
			"",
			"Options:" },
		footer = {
			"",
			"Script mode (--script) reads one command per line from standard input",
			"and prints one JSON result per line on standard output:",
			"  receive SERIAL [note]              accept SERIAL",
			"  reject SERIAL DEFECT-CODE [note]   defect SERIAL DEFECT-CODE [note]",
			"  clear SERIAL reworked|scrapped [note]",
			"  pass SERIAL [TO-STATION]",
			"  stop quality|safety|material|maintenance|other [note]",
			"  call quality|maintenance|material|safety|help [note]",
			"Blank lines and lines starting with # are skipped.",
			"Exit status: 0 all accepted, 1 some refused or invalid, 2 bad options,",
			"3 the server refused the token, 4 answers still missing after --wait.",
			"",
			"Example, station FRAME of the demo line:",
			"  echo demo-frame > frame.token",
			"  java -jar station-client.jar --station FRAME --token-file frame.token" })
public final class StationClientMain implements Callable<Integer> {

	@Option(names = "--server", paramLabel = "URL", split = ",", description = { "The line server's WebSocket "
			+ "address. Several nodes of one line server: repeat the option or separate them with commas; the "
			+ "terminal starts with the first and moves to the next when one fails.",
			"Default: ${DEFAULT-VALUE}" }, defaultValue = "ws://127.0.0.1:8080/ws")
	List<URI> servers;

	@Option(names = "--station", paramLabel = "ID", description = "This station's id, e.g. FRAME.")
	String station;

	@Option(names = "--token-file", paramLabel = "FILE", description = "A file holding this station's token "
			+ "(its first line).")
	Path tokenFile;

	@Option(names = "--state-dir", paramLabel = "DIR", description = "Where commands wait until the server "
			+ "answers (default: ./station-state/ID). Keep it across restarts.")
	Path stateDir;

	@Option(names = "--defect-codes", paramLabel = "CODES", split = ",", description = "The line's defect codes, "
			+ "comma-separated, for servers that do not send them.")
	List<String> defectCodes;

	@Option(names = "--trust-certificates", paramLabel = "FILE", description = "For a wss:// server: a PEM file "
			+ "with the plant's CA certificate (or the line server's own); only these are trusted. Without it the "
			+ "JVM's trust store is used.")
	Path trustCertificates;

	@Option(names = "--client-certificate", paramLabel = "FILE", description = "For a server that asks stations "
			+ "for a certificate (mutual TLS): this station's certificate, PEM (then the authorities above it, if "
			+ "any). Give --client-key with it.")
	Path clientCertificate;

	@Option(names = "--client-key", paramLabel = "FILE", description = "The private key of --client-certificate: "
			+ "unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY). Keep it readable by the terminal's user only.")
	Path clientKey;

	@Option(names = "--config", paramLabel = "FILE", description = "A properties file with any of: server "
			+ "(comma-separated for several), station, token-file, state-dir, defect-codes, trust-certificates, "
			+ "client-certificate, client-key. "
			+ "Options given on the command line win.")
	Path config;

	@Option(names = "--script", description = "Read commands from standard input, print JSON results.")
	boolean script;

	@Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60", description = "In script mode, how "
			+ "long to wait for the server's answers after the last line (default: ${DEFAULT-VALUE}).")
	int waitSeconds;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	private final InputStream in;
	private final PrintStream out;
	private final PrintStream err;

	StationClientMain(InputStream in, PrintStream out, PrintStream err) {
		this.in = in;
		this.out = out;
		this.err = err;
	}

	public static void main(String[] args) {
		System.exit(run(args, System.in, System.out, System.err));
	}

	/** Runs the terminal with the given streams and returns its exit status (for tests and embedding). */
	static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
		CommandLine cli = new CommandLine(new StationClientMain(in, out, err));
		cli.setOut(new java.io.PrintWriter(out, true));
		cli.setErr(new java.io.PrintWriter(err, true));
		return cli.execute(args);
	}

	@Override
	public Integer call() throws Exception {
		applyConfig();
		if (station == null || station.isBlank()) {
			throw new CommandLine.ParameterException(spec.commandLine(), "say which station this is: --station ID");
		}
		station = station.trim().toUpperCase(Locale.ROOT);
		if (servers == null || servers.isEmpty()) {
			throw new CommandLine.ParameterException(spec.commandLine(), "say where the line server is: --server URL");
		}
		if (tokenFile == null) {
			throw new CommandLine.ParameterException(spec.commandLine(),
					"give the station's token in a file: --token-file FILE");
		}
		String token = readToken();
		Path dir = stateDir != null ? stateDir : Path.of("station-state", station);
		ClientLog.toFile(dir);
		List<String> codes = new ArrayList<>();
		if (defectCodes != null) {
			defectCodes.forEach(c -> {
				if (!c.isBlank()) {
					codes.add(c.trim().toUpperCase(Locale.ROOT));
				}
			});
		}
		StompLinkFactory links;
		try {
			links = new StompLinkFactory(StompLinkFactory.DEFAULT_MAX_FRAME_BYTES,
					PlantTrust.context(trustCertificates, clientCertificate, clientKey));
		}
		catch (IOException ex) {
			err.println("Cannot use the certificates: " + ex.getMessage());
			return 2;
		}
		StationClient client;
		try {
			client = StationClient.builder().servers(servers).station(station, token).stateDir(dir).links(links)
				.build();
		}
		catch (IOException ex) {
			links.close();
			err.println("Cannot use the state folder " + dir.toAbsolutePath() + ": " + ex.getMessage());
			return 2;
		}
		try (links; client) {
			if (script) {
				return new ScriptMode(client, codes, in, out, err, java.time.Duration.ofSeconds(waitSeconds)).run();
			}
			return new StationScreen(client, codes).run();
		}
	}

	private String readToken() {
		try {
			String token = Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().map(String::trim)
				.filter(l -> !l.isEmpty()).findFirst().orElse("");
			if (token.isEmpty()) {
				throw new CommandLine.ParameterException(spec.commandLine(), "the token file " + tokenFile
						+ " is empty");
			}
			return token;
		}
		catch (IOException ex) {
			throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the token file " + tokenFile
					+ ": " + ex.getMessage());
		}
	}

	/** Fills in from {@code --config} what the command line left out. */
	void applyConfig() throws IOException {
		if (config == null) {
			return;
		}
		Properties p = new Properties();
		try (var r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
			p.load(r);
		}
		Path base = config.toAbsolutePath().getParent();
		if (station == null && p.getProperty("station") != null) {
			station = p.getProperty("station");
		}
		if (tokenFile == null && p.getProperty("token-file") != null) {
			tokenFile = base.resolve(p.getProperty("token-file").trim());
		}
		if (stateDir == null && p.getProperty("state-dir") != null) {
			stateDir = base.resolve(p.getProperty("state-dir").trim());
		}
		if (clientCertificate == null && p.getProperty("client-certificate") != null) {
			clientCertificate = base.resolve(p.getProperty("client-certificate").trim());
		}
		if (clientKey == null && p.getProperty("client-key") != null) {
			clientKey = base.resolve(p.getProperty("client-key").trim());
		}
		if (trustCertificates == null && p.getProperty("trust-certificates") != null) {
			trustCertificates = base.resolve(p.getProperty("trust-certificates").trim());
		}
		if (defectCodes == null && p.getProperty("defect-codes") != null) {
			defectCodes = List.of(p.getProperty("defect-codes").split(","));
		}
		if (p.getProperty("server") != null && !spec.commandLine().getParseResult().hasMatchedOption("--server")) {
			servers = new ArrayList<>();
			for (String url : p.getProperty("server").split(",")) {
				if (!url.isBlank()) {
					servers.add(URI.create(url.trim()));
				}
			}
		}
	}
}
