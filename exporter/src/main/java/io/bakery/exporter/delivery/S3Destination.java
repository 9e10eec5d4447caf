package io.bakery.exporter.delivery;

import io.bakery.schemas.config.DestinationConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.OptionalLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Pushes files to an S3 bucket (AWS or any S3-compatible store), also for partners that pull from our own
 * bucket (Piano). An object appears whole or not at all, so the file goes straight to its final key.
 */
public final class S3Destination implements Destination {

    private final DestinationConfig config;
    private final S3Client s3;

    public S3Destination(final DestinationConfig config) {
        this.config = config;
        final S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .httpClient(UrlConnectionHttpClient.builder().build())
                // Only the checksums S3 requires: S3-compatible stores differ in which trailing checksums they take.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(config.accessKeyId() == null
                        ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())));
        if (config.endpoint() != null) {
            // S3-compatible stores mostly serve buckets by path, not by virtual host name.
            builder.endpointOverride(URI.create(config.endpoint())).forcePathStyle(true);
        }
        this.s3 = builder.build();
    }

    @Override
    public void publish(final Path localFile, final String name) throws IOException {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(config.bucket()).key(key(name)).build(),
                    RequestBody.fromFile(localFile));
        } catch (final SdkException e) {
            throw new IOException("cannot put " + key(name) + " into " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong sizeOf(final String name) throws IOException {
        try {
            return OptionalLong.of(s3.headObject(HeadObjectRequest.builder()
                    .bucket(config.bucket()).key(key(name)).build()).contentLength());
        } catch (final S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw new IOException("cannot stat " + key(name) + " in " + describe() + ": " + e.getMessage(), e);
        } catch (final SdkException e) {
            throw new IOException("cannot stat " + key(name) + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(final String name) {
        return config.prefix() == null ? name : config.prefix() + name;
    }
}
