package io.bakery.gateway.crm;

import io.bakery.schemas.avro.IdentifierType;
import java.util.List;

/**
 * One row of an upload as read, before validation: the record id and the raw identifier cells, or the reason
 * the row could not even be read.
 *
 * @param rowNumber the row's number in the file (CSV: header = 1; NDJSON: line number)
 */
public record UploadRow(long rowNumber, String recordId, List<IdentifierType> types, List<String> cells,
                        RowRejection rejection) {

    /** A row that could not be read. */
    public static UploadRow unreadable(final long rowNumber, final RowRejection rejection) {
        return new UploadRow(rowNumber, null, List.of(), List.of(), rejection);
    }
}
