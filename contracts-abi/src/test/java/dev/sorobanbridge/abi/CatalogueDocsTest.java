package dev.sorobanbridge.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogueDocsTest {
    /** Surefire runs in the module's directory; the page lives in the repository's docs/. */
    private static final Path PAGE = Path.of("..", "docs", "events.md");

    private final EventCatalogue catalogue = EventCatalogue.load();

    @Test
    void theCommittedPageIsWhatTheCatalogueSays() throws IOException {
        String expected = CatalogueDocs.markdown(catalogue);
        String committed = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";

        if (!expected.equals(committed)) {
            fail("docs/events.md does not match the event catalogue; regenerate it with `"
                    + CatalogueDocs.REGENERATE + "` and commit the result");
        }
    }

    @Test
    void everyShapeHasOneRowWithItsFieldsAndKeys() {
        String page = CatalogueDocs.markdown(catalogue);

        long rows = page.lines().filter(line -> line.startsWith("| `invoice.") || line.startsWith("| `pool.")).count();
        assertEquals(catalogue.shapes().size(), rows);
        assertTrue(page.contains("| `invoice.created` | `invoiceId`: string (u64)<br>`owner`: string (strkey)<br>"
                + "`amount`: string (i128)<br>`metadataUri`: string or null<br>`timestamp`: string (ISO-8601) | `invoiceId`"
                + " | `owner` | `[\"invoice-count\"]`<br>`[\"invoice\", \"{invoiceId}\"]`<br>"
                + "`[\"invoice-metadata\", \"{invoiceId}\"]` |"), page);
        assertTrue(page.contains("| `invoice.expired` | *bare* `invoiceId`: string (u64) |"), page);
    }
}
