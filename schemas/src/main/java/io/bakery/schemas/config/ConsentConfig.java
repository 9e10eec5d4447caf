package io.bakery.schemas.config;

/**
 * Consent rules of the pixel endpoints.
 *
 * @param vendorId our IAB TCF vendor id; vendor consent for it is required when GDPR applies
 * @param storeWhenGdprUnknown whether a hit without a {@code gdpr} parameter may be stored
 */
public record ConsentConfig(Integer vendorId, Boolean storeWhenGdprUnknown) {

    public ConsentConfig {
        storeWhenGdprUnknown = storeWhenGdprUnknown == null ? Boolean.FALSE : storeWhenGdprUnknown;
    }
}
