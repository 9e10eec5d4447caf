package io.bakery.topology.erasure;

import io.bakery.schemas.avro.Erasure;
import io.bakery.schemas.avro.ErasureSubject;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Routes each erasure to the stages that hold its subject. Each stage deletes the facts it owns and emits the
 * retractions that follow, so derived state (link counts, match counts) goes away through the normal flow.
 *
 * <ul>
 *   <li>CRM_RECORD: the CRM record stage (as a delete of that record).</li>
 *   <li>HASHED_IDENTIFIER: the CRM record stage (every record holding it) and the identifier stage (its links).</li>
 *   <li>BAKERY_ID: the identifier stage (its identity links) and the sync-pair stage (its sync pairs).</li>
 *   <li>DMP_COOKIE: the sync-pair stage (its sync pairs); that stage tells the match table to forget the cookie.</li>
 * </ul>
 */
public final class ErasureRouterProcessor implements Processor<ErasureSubject, Erasure, ErasureSubject, Erasure> {

    private final String recordStage;
    private final String identifierStage;
    private final String pairStage;
    private ProcessorContext<ErasureSubject, Erasure> context;

    public ErasureRouterProcessor(final String recordStage, final String identifierStage, final String pairStage) {
        this.recordStage = recordStage;
        this.identifierStage = identifierStage;
        this.pairStage = pairStage;
    }

    @Override
    public void init(final ProcessorContext<ErasureSubject, Erasure> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<ErasureSubject, Erasure> record) {
        switch (record.key().getKind()) {
            case CRM_RECORD:
                context.forward(record, recordStage);
                break;
            case HASHED_IDENTIFIER:
                context.forward(record, recordStage);
                context.forward(record, identifierStage);
                break;
            case BAKERY_ID:
                context.forward(record, identifierStage);
                context.forward(record, pairStage);
                break;
            case DMP_COOKIE:
                context.forward(record, pairStage);
                break;
            default:
                throw new IllegalStateException("unknown erasure kind " + record.key().getKind());
        }
    }
}
