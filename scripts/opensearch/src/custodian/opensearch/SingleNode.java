package custodian.opensearch;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.cluster.health.ClusterHealthStatus;

/**
 * Starts one OpenSearch node in this JVM for the cluster-profile tests: loopback only, a fixed
 * HTTP port (transport on port + 100), single-node discovery, data under the given directory.
 * Prints one {@code ready} line once the cluster is yellow or green, then runs until SIGTERM.
 *
 * <p>The runner's own {@code main} picks the next free port when the asked-for one is taken and
 * binds to whatever its bundled opensearch.yml says; a test must know exactly where the node is,
 * so this launcher fails instead.
 *
 * <p>Usage: {@code SingleNode <home-dir> <http-port>}
 */
public final class SingleNode {
  private SingleNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SingleNode <home-dir> <http-port>");
      System.exit(64);
    }
    String home = args[0];
    int httpPort = Integer.parseInt(args[1]);
    int transportPort = httpPort + 100;
    for (int port : new int[] {httpPort, transportPort}) {
      if (!isFree(port)) {
        System.err.println("port 127.0.0.1:" + port + " is already in use");
        System.exit(2);
      }
    }

    OpenSearchRunner runner = new OpenSearchRunner();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        runner.close();
      } catch (IOException e) {
        System.err.println("closing the node failed: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }));

    runner.onBuild((number, settings) -> {
      settings.put("network.host", "127.0.0.1");
      settings.put("http.port", String.valueOf(httpPort));
      settings.put("transport.port", String.valueOf(transportPort));
      settings.put("discovery.type", "single-node");
      // A nearly full disk on a developer machine must not block writes with a read-only index.
      settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
    });
    runner.build(newConfigs().basePath(home).numOfNode(1).clusterName("custodian-test").printOnFailure());
    ClusterHealthStatus status = runner.ensureYellow();
    System.out.println("ready http://127.0.0.1:" + httpPort + " status=" + status.name().toLowerCase());
    System.out.flush();
    stopped.await();
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
