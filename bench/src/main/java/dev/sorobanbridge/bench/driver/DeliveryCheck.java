package dev.sorobanbridge.bench.driver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what each stream received with what it should have: every event the server's
 * {@code /events/history} holds for the stream's filter, after the stream's {@code connected}
 * point and up to the log's head when the run ended. Streams sharing a filter share one history
 * read. Slow consumers are left out: the server is expected to drop them.
 */
final class DeliveryCheck {
    private static final int PAGE = 1000;
    private static final long POLL_MILLIS = 500;

    private final BridgeClient bridge;
    private final String token;
    private final Receipts receipts;

    DeliveryCheck(BridgeClient bridge, String token, Receipts receipts) {
        this.bridge = bridge;
        this.token = token;
        this.receipts = receipts;
    }

    /**
     * @param expectedDeliveries stream-event pairs the streams owed
     * @param missing            owed but not received
     * @param unexpected         received but not owed (outside the filter)
     * @param headId             the log's head the check stopped at
     */
    record Result(long expectedDeliveries, long missing, long unexpected, int streamsWithMissing, String headId) {}

    /** Reads the head and the owed events, then waits up to {@code settleMillis} for the streams to catch up. */
    Result run(List<StreamClient> clients, long settleMillis) throws InterruptedException {
        String head = head();
        Map<String, List<StreamClient>> byFilter = new LinkedHashMap<>();
        for (StreamClient c : clients) {
            if (!c.slow() && c.opened()) byFilter.computeIfAbsent(c.filter().query(), k -> new ArrayList<>()).add(c);
        }
        Map<String, List<String>> owed = new LinkedHashMap<>();
        for (Map.Entry<String, List<StreamClient>> group : byFilter.entrySet()) {
            owed.put(group.getKey(), history(group.getKey(), earliestStart(group.getValue()), head));
        }
        long deadline = System.currentTimeMillis() + settleMillis;
        Result result = compare(byFilter, owed, head);
        while (result.missing() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(POLL_MILLIS);
            result = compare(byFilter, owed, head);
        }
        return result;
    }

    private Result compare(Map<String, List<StreamClient>> byFilter, Map<String, List<String>> owed, String head) {
        long expected = 0, missing = 0, unexpected = 0;
        int streamsWithMissing = 0;
        for (Map.Entry<String, List<StreamClient>> group : byFilter.entrySet()) {
            List<String> ids = owed.get(group.getKey());
            Set<String> owedSet = new HashSet<>(ids);
            int[] numbers = new int[ids.size()];
            for (int i = 0; i < ids.size(); i++) numbers[i] = receipts.indexOf(ids.get(i));
            for (StreamClient c : group.getValue()) {
                int from = firstAfter(ids, c.startId());
                BitSet got = c.receivedSet();
                long streamMissing = 0;
                for (int i = from; i < ids.size(); i++) {
                    if (numbers[i] < 0 || !got.get(numbers[i])) streamMissing++;
                }
                expected += ids.size() - from;
                missing += streamMissing;
                if (streamMissing > 0) streamsWithMissing++;
                for (int n = got.nextSetBit(0); n >= 0; n = got.nextSetBit(n + 1)) {
                    String id = receipts.idOf(n);
                    boolean inWindow = (c.startId() == null || id.compareTo(c.startId()) > 0)
                            && (head == null || id.compareTo(head) <= 0);
                    if (inWindow && !owedSet.contains(id)) unexpected++;
                }
            }
        }
        return new Result(expected, missing, unexpected, streamsWithMissing, head);
    }

    /** The newest id in the log: {@code next} of the last history page. */
    private String head() {
        String after = receipts.newestId();
        while (true) {
            BridgeClient.HistoryPage page = bridge.history(token, "", after, PAGE);
            if (page.next() != null) after = page.next();
            if (page.events().size() < PAGE) return after;
        }
    }

    /** The filter's ids after {@code after} (null: from the oldest) up to and including {@code head}, in order. */
    private List<String> history(String filter, String after, String head) {
        List<String> ids = new ArrayList<>();
        if (head == null) return ids;
        String cursor = after;
        while (true) {
            BridgeClient.HistoryPage page = bridge.history(token, filter, cursor, PAGE);
            for (BridgeClient.HistoryEvent e : page.events()) {
                if (e.id().compareTo(head) <= 0) ids.add(e.id());
            }
            boolean pastHead = !page.events().isEmpty() && page.events().getLast().id().compareTo(head) >= 0;
            if (page.events().size() < PAGE || pastHead) return ids;
            cursor = page.next();
        }
    }

    private static String earliestStart(List<StreamClient> clients) {
        String earliest = null;
        for (StreamClient c : clients) {
            if (c.startId() == null) return null;
            if (earliest == null || c.startId().compareTo(earliest) < 0) earliest = c.startId();
        }
        return earliest;
    }

    private static int firstAfter(List<String> ids, String startId) {
        if (startId == null) return 0;
        int i = Collections.binarySearch(ids, startId);
        return i >= 0 ? i + 1 : -i - 1;
    }
}
