package io.bakery.gateway.pull;

import io.bakery.schemas.config.DestinationConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A client's S3 bucket (AWS or any S3-compatible store) as a pull source: the objects directly under the
 * configured prefix are its files. An object is streamed as it is downloaded, never stored locally.
 */
public final class S3Source implements PullSource {

    private final DestinationConfig config;
    private final S3Client s3;

    public S3Source(final DestinationConfig config) {
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
    public List<SourceFile> list() throws IOException {
        final List<SourceFile> files = new ArrayList<>();
        try {
            // The delimiter keeps "sub-folders" (processed/) out of the listing.
            final ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(config.bucket())
                    .prefix(prefix()).delimiter("/").build();
            for (final S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                final String name = object.key().substring(prefix().length());
                if (!name.isEmpty()) {
                    files.add(new SourceFile(name, object.size(), object.lastModified()));
                }
            }
        } catch (final SdkException e) {
            throw new IOException("cannot list " + describe() + ": " + e.getMessage(), e);
        }
        return files;
    }

    @Override
    public InputStream open(final String name) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(config.bucket()).key(prefix() + name));
        } catch (final SdkException e) {
            throw new IOException("cannot get " + name + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(final String name) throws IOException {
        try {
            s3.headObject(b -> b.bucket(config.bucket()).key(prefix() + name));
            return true;
        } catch (final S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("cannot stat " + name + " in " + describe() + ": " + e.getMessage(), e);
        } catch (final SdkException e) {
            throw new IOException("cannot stat " + name + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(final String name, final byte[] content) throws IOException {
        try {
            s3.putObject(b -> b.bucket(config.bucket()).key(prefix() + name).contentType("application/json"),
                    RequestBody.fromBytes(content));
        } catch (final SdkException e) {
            throw new IOException("cannot put " + name + " into " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(final String name) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(config.bucket()).key(prefix() + name));
        } catch (final SdkException e) {
            throw new IOException("cannot delete " + name + " from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void moveToProcessed(final String name) throws IOException {
        try {
            s3.copyObject(b -> b.sourceBucket(config.bucket()).sourceKey(prefix() + name)
                    .destinationBucket(config.bucket()).destinationKey(prefix() + PROCESSED + "/" + name));
            s3.deleteObject(b -> b.bucket(config.bucket()).key(prefix() + name));
        } catch (final SdkException e) {
            throw new IOException("cannot move " + name + " in " + describe() + ": " + e.getMessage(), e);
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

    private String prefix() {
        return config.prefix() == null ? "" : config.prefix();
    }
}
