package io.bakery.launcher.world;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated world on disk: where its input files are and what each client's part of it holds.
 *
 * @param folder the world's folder (layout in its README.md)
 * @param graph the identity graph as the intake API's NDJSON body
 * @param clients one entry per configured client
 */
public record World(Path folder, Path graph, int graphLinks, List<ClientWorld> clients) {

    /** The files name inside the world folder; the README written next to them describes each one. */
    public static final String GRAPH_FILE = "graph.ndjson";
    public static final String CLIENTS_FILE = "clients.csv";
    public static final String README_FILE = "README.md";

    /** How a client's CRM reaches Bakery in the demo. */
    public enum CrmRoute { API, PULL }

    /**
     * One client's inputs.
     *
     * @param crmHashed the hashed CSV the upload API takes ({@code record_id,email_sha256,phone_sha256,address_sha256})
     * @param crmPlain the same records in plaintext ({@code record_id,email,phone,country,postcode,house_number})
     * @param hits the day's pixel hits, one line per hit
     */
    public record ClientWorld(String clientId, String dmp, String partner, CrmRoute route, Path crmHashed,
            Path crmPlain, Path hits, int crmRows, int hitCount) {}
}
