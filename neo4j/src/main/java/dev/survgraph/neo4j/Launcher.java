package dev.survgraph.neo4j;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs Neo4j 5.26 Community embedded, with only the Bolt connector open.
 *
 * <p>Usage: {@code Launcher [--home DIR] [--bolt HOST:PORT] [--pagecache SIZE] [--tx-max SIZE]
 * [--tx-total SIZE] [--plugins DIR]}
 *
 * <ul>
 *   <li>{@code --home} (default {@code ./.data/neo4j}): Neo4j home; the store goes to
 *       {@code HOME/data}, Neo4j's own logs (debug.log) to {@code HOME/logs}.
 *   <li>{@code --bolt} (default {@code 127.0.0.1:7687}): Bolt listen address. Authentication is
 *       disabled, so keep this on loopback.
 *   <li>{@code --pagecache} (default {@code 2g}): page cache size, e.g. {@code 512m}, {@code 2g}.
 *   <li>{@code --tx-max} (default none: unbounded): the most memory one transaction may take
 *       ({@code db.memory.transaction.max}); a transaction that needs more fails with
 *       {@code Neo.TransientError.General.TransactionMemoryLimit} instead of taking the pool.
 *   <li>{@code --tx-total} (default Neo4j's, 70% of the heap): the memory all transactions
 *       together may take ({@code dbms.memory.transaction.total.max}).
 *   <li>{@code --plugins} (default none): a folder of procedure jars, such as APOC core, to load
 *       (Neo4j's {@code server.directories.plugins}). The same jars must also be on the class path,
 *       so that the extensions they declare (APOC's configuration) are found; localneo4j does
 *       both. With it, {@code apoc.*} procedures are allowed unrestricted access, as APOC needs.
 *       Without it no plugin folder is read and nothing changes.
 * </ul>
 *
 * <p>If {@code HOME/neo4j.conf} exists it is loaded first (ordinary {@code key=value} Neo4j
 * settings); the options above always win over it.
 *
 * <p>Prints one line starting with {@value #READY_PREFIX} on stdout once the default database is
 * available, then blocks until the JVM is asked to stop (SIGTERM/SIGINT), when a shutdown hook
 * shuts the DBMS down cleanly.
 */
public final class Launcher {
    static final String READY_PREFIX = "survgraph-neo4j: ready";

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String home = "./.data/neo4j";
        String bolt = "127.0.0.1:7687";
        String pageCache = "2g";
        String plugins = null;
        String txMax = null;
        String txTotal = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            } else if (a.startsWith("--") && !a.equals("--help") && i + 1 < args.length) {
                v = args[++i];
            }
            switch (a) {
                case "--home" -> home = v;
                case "--bolt" -> bolt = v;
                case "--pagecache" -> pageCache = v;
                case "--plugins" -> plugins = v;
                case "--tx-max" -> txMax = v;
                case "--tx-total" -> txTotal = v;
                case "--help", "-h" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("survgraph-neo4j: unknown argument " + args[i]);
                    usage(System.err);
                    System.exit(2);
                }
            }
            if (v == null || v.isBlank()) {
                System.err.println("survgraph-neo4j: missing value for " + a);
                System.exit(2);
            }
        }

        Path homeDir = Path.of(home).toAbsolutePath().normalize();
        Files.createDirectories(homeDir.resolve("logs"));
        SocketAddress boltAddr = SettingValueParsers.SOCKET_ADDRESS.parse(bolt);
        long pageCacheBytes = SettingValueParsers.BYTES.parse(pageCache);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(homeDir);
        Path conf = homeDir.resolve("neo4j.conf");
        if (Files.isRegularFile(conf)) {
            builder.loadPropertiesFromFile(conf);
        }
        builder.setConfig(GraphDatabaseSettings.logs_directory, homeDir.resolve("logs"))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, boltAddr)
                .setConfig(BoltConnector.advertised_address, boltAddr)
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // The databases are already checkpointed and closed when the Bolt server shuts
                // down last; its default 5s+5s netty grace periods only make SIGTERM ~10s slower.
                // With 1s, debug.log gets two harmless "Termination of ... event loop group has
                // exceeded maximum permitted duration" WARN lines on every shutdown.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Embedded mode has no user log (neo4j.log) by default; send it to stdout,
                // which the Go side appends to HOME/logs/neo4j.log.
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO));
        if (txMax != null) {
            builder.setConfig(GraphDatabaseSettings.memory_transaction_max_size, SettingValueParsers.BYTES.parse(txMax));
        }
        if (txTotal != null) {
            builder.setConfig(
                    GraphDatabaseSettings.memory_transaction_global_max_size, SettingValueParsers.BYTES.parse(txTotal));
        }
        if (plugins != null) {
            Path pluginDir = Path.of(plugins).toAbsolutePath().normalize();
            if (!Files.isDirectory(pluginDir)) {
                System.err.println("survgraph-neo4j: plugins folder " + pluginDir + " does not exist");
                System.exit(2);
            }
            builder.setConfig(GraphDatabaseSettings.plugin_dir, pluginDir)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
        }

        long t0 = System.nanoTime();
        System.out.printf(
                "survgraph-neo4j: starting Neo4j Community (home %s, bolt %s, page cache %s, heap max %dm, transaction memory %s each, %s in all%s)%n",
                homeDir, boltAddr, pageCache, Runtime.getRuntime().maxMemory() >> 20,
                txMax == null ? "unbounded" : txMax, txTotal == null ? "70% of the heap" : txTotal,
                plugins == null ? "" : ", plugins " + plugins);
        System.out.flush();

        final DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (RuntimeException e) {
            System.err.println("survgraph-neo4j: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("survgraph-neo4j: shutting down");
                            System.out.flush();
                            try {
                                dbms.shutdown();
                                System.out.println("survgraph-neo4j: stopped cleanly");
                            } catch (Throwable t) {
                                System.err.println("survgraph-neo4j: error during shutdown: " + t);
                            } finally {
                                System.out.flush();
                                stopped.countDown();
                            }
                        },
                        "survgraph-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(5).toMillis())) {
            System.err.println("survgraph-neo4j: default database did not become available");
            System.exit(1);
        }
        System.out.printf(
                "%s bolt://%s pid=%d home=%s startup=%dms%n",
                READY_PREFIX,
                boltAddr,
                ProcessHandle.current().pid(),
                homeDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        System.out.flush();

        // Block forever; the shutdown hook ends the process.
        stopped.await();
    }

    private static void usage(PrintStream out) {
        out.println(
                "usage: Launcher [--home DIR] [--bolt HOST:PORT] [--pagecache SIZE] [--tx-max SIZE] [--tx-total SIZE] [--plugins DIR]");
    }
}
