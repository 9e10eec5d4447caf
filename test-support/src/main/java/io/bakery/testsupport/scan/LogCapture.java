package io.bakery.testsupport.scan;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Copies every log line of this JVM (Logback) into a file while it is open, stack traces and their causes' messages
 * included, so a test can scan what the components logged. Loggers named at start log at DEBUG meanwhile (the
 * file gets their DEBUG lines, the console keeps its INFO threshold). {@link #tee} copies a component's printed
 * output into a second file.
 */
public final class LogCapture implements AutoCloseable {

    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg %mdc%n%ex{full}";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Path file;
    private final Path printed;
    private final FileAppender<ILoggingEvent> appender = new FileAppender<>();
    private final Map<Logger, Level> raised = new HashMap<>();
    private final Map<Appender<ILoggingEvent>, List<Filter<ILoggingEvent>>> consoles = new HashMap<>();
    private final List<OutputStream> tees = new ArrayList<>();

    private LogCapture(final Path file) {
        this.file = file;
        this.printed = file.resolveSibling(file.getFileName() + ".printed");
    }

    /** Starts capturing into {@code file}, with {@code debugLoggers} (e.g. "io.bakery") at DEBUG meanwhile. */
    public static LogCapture start(final Path file, final String... debugLoggers) {
        final LogCapture capture = new LogCapture(file);
        capture.attach(debugLoggers);
        return capture;
    }

    private void attach(final String... debugLoggers) {
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (debugLoggers.length > 0) {
            for (final Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                final Appender<ILoggingEvent> console = it.next();
                consoles.put(console, console.getCopyOfAttachedFiltersList());
                final ThresholdFilter threshold = new ThresholdFilter();
                threshold.setLevel(Level.INFO.levelStr);
                threshold.start();
                console.addFilter(threshold);
            }
        }
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        appender.setContext(context);
        appender.setName("log-capture");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        for (final String name : debugLoggers) {
            final Logger logger = context.getLogger(name);
            raised.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    /** The file the log lines go to. */
    public Path file() {
        return file;
    }

    /** Every file this capture wrote: the log lines, and the printed output if {@link #tee} was used. */
    public List<Path> files() {
        return Files.exists(printed) ? List.of(file, printed) : List.of(file);
    }

    /** A stream printing to {@code out} and into this capture's second file. */
    public PrintStream tee(final PrintStream out) {
        try {
            final OutputStream copy = Files.newOutputStream(printed);
            tees.add(copy);
            return new PrintStream(new OutputStream() {
                @Override
                public void write(final int b) throws IOException {
                    out.write(b);
                    copy.write(b);
                }

                @Override
                public void write(final byte[] bytes, final int offset, final int length) throws IOException {
                    out.write(bytes, offset, length);
                    copy.write(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                    copy.flush();
                }
            }, true, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + printed, e);
        }
    }

    /** Stops capturing and puts levels and console filters back as they were. */
    @Override
    public void close() {
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        raised.forEach(Logger::setLevel);
        consoles.forEach((console, filters) -> {
            console.clearAllFilters();
            filters.forEach(console::addFilter);
        });
        for (final OutputStream copy : tees) {
            try {
                copy.close();
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot close " + printed, e);
            }
        }
    }
}
