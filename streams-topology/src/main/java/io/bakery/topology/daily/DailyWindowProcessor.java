package io.bakery.topology.daily;

import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DayCloseRequest;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.EndMarker;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps, per client and day (client time zone), the DMP cookies seen that day with their currently matched
 * record ids, and closes each day after its grace period: rows first, then this task's end marker with its row
 * count, then the window is cleared.
 *
 * <p>Which day an event counts for:
 * <ul>
 *   <li>SEEN (a sync hit, one per matched record): the day of its {@code at}.
 *   <li>ADDED: the day of {@code cookieLastSeenAt} (the cookie was seen before its record matched); the record
 *       also joins every other open day the cookie is in, since a row carries its record ids at the close.
 *   <li>REMOVED (incl. erasure): the record leaves every open day of the cookie; a cookie left without records
 *       stays "seen" (so a later ADDED the same day brings it back) but yields no row.
 * </ul>
 * An event for a day this task already closed counts for the day after the last closed one ("late after grace
 * counts for the next day"); an ADDED whose sighting lies before the last closed day is a match of a cookie not
 * seen in any open day and counts nowhere.
 *
 * <p>Closing is one method, {@link #closeDay}, with two callers: the wall-clock punctuator for due days, and
 * {@link DayCloseRequest}s from {@code bakery.control.day-close} (the operator's {@code bakery close-day}), a
 * second parent of this processor. Every task receives each request (one copy per partition), so every task
 * emits its rows and end marker; the wall-clock close later skips the day because it is recorded as closed.
 * Its inputs are therefore of two types ({@link Match} keyed by {@link ClientCookieKey}, and close requests
 * keyed by {@link ClientDayKey}), told apart by the value's type.
 */
final class DailyWindowProcessor implements Processor<Object, Object, ClientDayKey, DailyDeltaEntry> {

    private static final Logger LOG = LoggerFactory.getLogger(DailyWindowProcessor.class);

    private static final StringSerializer KEY_SERIALIZER = new StringSerializer();

    private final BakeryConfig config;
    private final DailyWindowSettings settings;
    private final Map<String, ClientDayCalendar> calendars = new HashMap<>();
    private ProcessorContext<ClientDayKey, DailyDeltaEntry> context;
    private KeyValueStore<String, List<String>> rows;
    private KeyValueStore<String, String> closedDays;

    DailyWindowProcessor(final BakeryConfig config, final DailyWindowSettings settings) {
        this.config = config;
        this.settings = settings;
        for (final ClientConfig client : config.clients()) {
            calendars.put(client.id(), new ClientDayCalendar(client.zone(), settings.grace()));
        }
    }

    @Override
    public void init(final ProcessorContext<ClientDayKey, DailyDeltaEntry> processorContext) {
        this.context = processorContext;
        this.rows = processorContext.getStateStore(DailyWindowTopology.ROWS_STORE);
        this.closedDays = processorContext.getStateStore(DailyWindowTopology.CLOSED_DAYS_STORE);
        processorContext.schedule(settings.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME,
                now -> closeDueDays(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(final Record<Object, Object> record) {
        if (record.value() instanceof Match match) {
            processMatch(match);
        } else if (record.value() instanceof DayCloseRequest request) {
            closeOnRequest(request);
        }
    }

    /**
     * Closes a requested client-day now. A request for an unknown client, a malformed day or a day that has not
     * started yet in the client's zone is dropped with a warning: closing a future day would close today too and
     * file today's rows under the wrong day. A day already closed is skipped by {@link #closeDay}.
     */
    private void closeOnRequest(final DayCloseRequest request) {
        final ClientDayCalendar calendar = calendars.get(request.getClientId());
        if (calendar == null) {
            LOG.warn("day-close request {} ignored: no client '{}' in the configuration",
                    request.getRequestId(), request.getClientId());
            return;
        }
        final LocalDate day;
        try {
            day = LocalDate.parse(request.getDay());
        } catch (final DateTimeParseException e) {
            LOG.warn("day-close request {} ignored: day '{}' is not an ISO date", request.getRequestId(), request.getDay());
            return;
        }
        final LocalDate today = calendar.dayOf(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (day.isAfter(today)) {
            LOG.warn("day-close request {} ignored: {} has not started yet for client '{}' (today is {})",
                    request.getRequestId(), day, request.getClientId(), today);
            return;
        }
        closeDay(request.getClientId(), day);
    }

    private void processMatch(final Match match) {
        final ClientDayCalendar calendar = calendars.get(match.getClientId());
        if (calendar == null) {
            // An unconfigured client's day would never be closed; its matches have nowhere to go.
            return;
        }
        final LocalDate lastClosed = lastClosed(match.getClientId(), calendar,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        switch (match.getKind()) {
            case SEEN -> addRecord(match, openDayFor(calendar.dayOf(match.getAt()), lastClosed));
            case ADDED -> {
                final LocalDate sighting = calendar.dayOf(match.getCookieLastSeenAt());
                if (!sighting.isBefore(lastClosed)) {
                    addRecord(match, openDayFor(sighting, lastClosed));
                }
                addToOpenDaysOfCookie(match);
            }
            case REMOVED -> removeFromOpenDaysOfCookie(match);
            default -> throw new IllegalStateException("unknown match kind " + match.getKind());
        }
    }

    /** Closes every configured client's days that are past their grace at {@code now}. */
    void closeDueDays(final Instant now) {
        for (final ClientConfig client : config.clients()) {
            final ClientDayCalendar calendar = calendars.get(client.id());
            final LocalDate latest = calendar.latestClosable(now);
            for (LocalDate day = lastClosed(client.id(), calendar, now).plusDays(1); !day.isAfter(latest);
                    day = day.plusDays(1)) {
                closeDay(client.id(), day);
            }
        }
    }

    /**
     * Closes one client-day on this task: emits its rows (cookies with at least one matched record), then this
     * task's end marker, deletes the rows and records the day as closed. Days are closed in order; closing a day
     * also closes every earlier open day of the client.
     */
    void closeDay(final String clientId, final LocalDate day) {
        final ClientDayCalendar calendar = calendars.get(clientId);
        final LocalDate lastClosed = lastClosed(clientId, calendar, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (!day.isAfter(lastClosed)) {
            return;
        }
        final ClientDayKey key = new ClientDayKey(clientId, day.toString());
        final long timestamp = context.currentSystemTimeMs();
        final List<String> toDelete = new ArrayList<>();
        long rowCount = 0;
        try (KeyValueIterator<String, List<String>> it =
                rows.prefixScan(WindowKey.clientPrefix(clientId), KEY_SERIALIZER)) {
            while (it.hasNext()) {
                final KeyValue<String, List<String>> entry = it.next();
                final WindowKey windowKey = WindowKey.decode(entry.key);
                if (windowKey.day().isAfter(day)) {
                    continue;
                }
                toDelete.add(entry.key);
                if (!entry.value.isEmpty()) {
                    final DeltaRow row = new DeltaRow(windowKey.dmpCookieId(), List.copyOf(entry.value));
                    context.forward(new Record<>(key, new DailyDeltaEntry(clientId, day.toString(), row), timestamp));
                    rowCount++;
                }
            }
        }
        final EndMarker marker = new EndMarker(context.taskId().toString(), settings.taskCount(), rowCount);
        context.forward(new Record<>(key, new DailyDeltaEntry(clientId, day.toString(), marker), timestamp));
        toDelete.forEach(rows::delete);
        closedDays.put(clientId, day.toString());
    }

    private LocalDate lastClosed(final String clientId, final ClientDayCalendar calendar, final Instant now) {
        final String recorded = closedDays.get(clientId);
        if (recorded != null) {
            return LocalDate.parse(recorded);
        }
        // First sight of this client on this task: days that were closable before it existed are not exported.
        final LocalDate start = calendar.latestClosable(now);
        closedDays.put(clientId, start.toString());
        return start;
    }

    private static LocalDate openDayFor(final LocalDate day, final LocalDate lastClosed) {
        return day.isAfter(lastClosed) ? day : lastClosed.plusDays(1);
    }

    private void addRecord(final Match match, final LocalDate day) {
        final String key = new WindowKey(match.getClientId(), match.getDmpCookieId(), day).encode();
        final List<String> current = rows.get(key);
        if (current != null && current.contains(match.getRecordId())) {
            // A repeat sighting the same day: the row already says it, and a put would only add a changelog record.
            return;
        }
        final List<String> recordIds = current == null ? new ArrayList<>() : new ArrayList<>(current);
        recordIds.add(match.getRecordId());
        rows.put(key, recordIds);
    }

    private void addToOpenDaysOfCookie(final Match match) {
        for (final KeyValue<String, List<String>> entry : openDaysOfCookie(match)) {
            if (!entry.value.contains(match.getRecordId())) {
                final List<String> recordIds = new ArrayList<>(entry.value);
                recordIds.add(match.getRecordId());
                rows.put(entry.key, recordIds);
            }
        }
    }

    private void removeFromOpenDaysOfCookie(final Match match) {
        for (final KeyValue<String, List<String>> entry : openDaysOfCookie(match)) {
            if (entry.value.contains(match.getRecordId())) {
                final List<String> recordIds = new ArrayList<>(entry.value);
                recordIds.remove(match.getRecordId());
                rows.put(entry.key, recordIds);
            }
        }
    }

    private List<KeyValue<String, List<String>>> openDaysOfCookie(final Match match) {
        final List<KeyValue<String, List<String>>> entries = new ArrayList<>();
        try (KeyValueIterator<String, List<String>> it = rows.prefixScan(
                WindowKey.cookiePrefix(match.getClientId(), match.getDmpCookieId()), KEY_SERIALIZER)) {
            it.forEachRemaining(entries::add);
        }
        return entries;
    }
}
