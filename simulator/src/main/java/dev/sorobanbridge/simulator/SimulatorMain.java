package dev.sorobanbridge.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulated RPC on its own, so the product can be pointed at it:
 * {@code java -cp … dev.sorobanbridge.simulator.SimulatorMain [--port N] [--ledger-interval 5s]
 * [--events-per-ledger 3] [--history-ledgers 720] [--seed 1]}. Prints the URL and the two contract ids.
 */
public final class SimulatorMain {
    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = parse(args, SimulatorOptions.demo().with(o -> o.port = 8000));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: SimulatorMain [--port N] [--ledger-interval 5s|500ms] [--events-per-ledger X]"
                    + " [--history-ledgers N] [--seed N]");
            System.exit(2);
            return;
        }
        RpcSimulator simulator = RpcSimulator.start(options);
        System.out.println("RPC_URL=" + simulator.url());
        System.out.println("CONTRACTS_INVOICE=" + simulator.invoiceContractId());
        System.out.println("CONTRACTS_POOL=" + simulator.poolContractId());
        System.out.println("RPC_NETWORK_PASSPHRASE=" + simulator.networkPassphrase());
        System.out.println("# demo wallet (SME and investor): " + simulator.demoWallet().getAccountId());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /**
     * @throws IllegalArgumentException naming the bad flag
     */
    static SimulatorOptions parse(String[] args, SimulatorOptions defaults) {
        SimulatorOptions options = defaults;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            try {
                options = switch (flag) {
                    case "--port" -> options.with(o -> o.port = Integer.parseInt(value));
                    case "--ledger-interval" -> options.with(o -> o.ledgerInterval = duration(value));
                    case "--events-per-ledger" -> options.with(o -> o.eventsPerLedger = Double.parseDouble(value));
                    case "--history-ledgers" -> options.with(o -> o.historyLedgers = Integer.parseInt(value));
                    case "--seed" -> options.with(o -> o.seed = Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, got " + value, e);
            }
        }
        return options;
    }

    /** {@code 5s}, {@code 500ms}, {@code 0} (manual) or an ISO-8601 duration such as {@code PT5S}. */
    static Duration duration(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
            }
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--ledger-interval must look like 5s, 500ms or PT5S, got " + value, e);
        }
    }
}
