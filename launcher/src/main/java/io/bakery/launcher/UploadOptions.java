package io.bakery.launcher;

import io.bakery.gateway.crm.UploadSettings;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The limits of the gateway's upload API, with environment fallbacks; the rest keep their defaults. */
public final class UploadOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--max-upload-bytes", paramLabel = "BYTES",
            defaultValue = "${env:BAKERY_MAX_UPLOAD_BYTES:-4294967296}",
            description = "Largest upload body, as sent and after gzip decoding (413 beyond). "
                    + "Env: BAKERY_MAX_UPLOAD_BYTES. Default: ${DEFAULT-VALUE}")
    long maxUploadBytes;

    @Option(names = "--concurrent-uploads", paramLabel = "N", defaultValue = "${env:BAKERY_CONCURRENT_UPLOADS:-4}",
            description = "Uploads running at once (one Kafka transaction each; more wait, then 503). "
                    + "Env: BAKERY_CONCURRENT_UPLOADS. Default: ${DEFAULT-VALUE}")
    int concurrentUploads;

    @Option(names = "--upload-transaction-timeout", paramLabel = "DURATION",
            defaultValue = "${env:BAKERY_UPLOAD_TRANSACTION_TIMEOUT:-PT15M}",
            description = "How long one upload may take (ISO-8601, at most the broker's transaction.max.timeout.ms). "
                    + "Env: BAKERY_UPLOAD_TRANSACTION_TIMEOUT. Default: ${DEFAULT-VALUE}")
    Duration transactionTimeout;

    /** The validated upload settings; a bad value is a usage error naming the options. */
    UploadSettings settings() {
        try {
            return UploadSettings.defaults().withMaxBodyBytes(maxUploadBytes)
                    .withConcurrentUploads(concurrentUploads).withTransactionTimeout(transactionTimeout);
        } catch (final IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid upload limit (--max-upload-bytes, "
                    + "--concurrent-uploads, --upload-transaction-timeout): " + e.getMessage());
        }
    }
}
