package io.bakery.gateway.crm;

import java.io.IOException;

/** Reads the rows of an upload body one at a time, whatever its format. */
public interface UploadRowReader {

    /** The next row, or null at the end of the body. */
    UploadRow next() throws IOException;
}
