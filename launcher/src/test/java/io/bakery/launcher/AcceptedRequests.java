package io.bakery.launcher;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateways accepted (answered 2xx) during a test, to hold the topics against: every pixel request
 * carries its own site tag (stored on its sync event), so each request is told apart from a retry of it; the
 * records of each accepted CRM upload; the links of each accepted identity intake.
 */
public final class AcceptedRequests {

    private final AtomicLong lastTag = new AtomicLong();
    private final Set<String> acceptedTags = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> recordIdsByClient = new ConcurrentHashMap<>();
    private final Set<String> links = ConcurrentHashMap.newKeySet();

    /** A site tag no request of this test used before. */
    public String nextSiteTag() {
        return "r" + lastTag.incrementAndGet() + ".it.example";
    }

    /** The pixel request with this site tag was answered 2xx. */
    public void pixelAccepted(final String siteTag) {
        acceptedTags.add(siteTag);
    }

    /** How many pixel requests were answered 2xx so far. */
    public int pixelsAccepted() {
        return acceptedTags.size();
    }

    /** The site tags of the pixel requests answered 2xx. */
    public Set<String> acceptedSiteTags() {
        return Set.copyOf(acceptedTags);
    }

    /** A CRM upload of these records was answered 2xx. */
    public void uploadAccepted(final String clientId, final Set<String> recordIds) {
        recordIdsByClient.computeIfAbsent(clientId, c -> ConcurrentHashMap.newKeySet()).addAll(recordIds);
    }

    /** Per client, the record ids of its accepted uploads. */
    public Map<String, Set<String>> acceptedRecordIds() {
        return Map.copyOf(recordIdsByClient);
    }

    /** An identity intake holding these links ({@code bakeryId|hash}) was answered 2xx. */
    public void linksAccepted(final Set<String> accepted) {
        links.addAll(accepted);
    }

    /** The links ({@code bakeryId|hash}) of the accepted intakes. */
    public Set<String> acceptedLinks() {
        return Set.copyOf(links);
    }
}
