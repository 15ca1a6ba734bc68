package io.herald.interfaces.rest;

import io.herald.application.NotificationQuery;
import io.herald.domain.model.delivery.Channel;
import io.herald.domain.model.notification.EmailRequestParser;
import io.herald.domain.model.notification.FieldError;
import io.herald.domain.model.notification.InvalidNotificationRequestException;
import io.herald.domain.model.notification.NotificationStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the query parameters of {@code GET /api/v1/notifications} into a
 * {@link NotificationQuery}, naming every bad parameter at once (400). An empty parameter
 * ({@code ?status=}) counts as absent.
 */
final class NotificationListingRequest {

    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");
    /** Instants from 1970 up to (excluding) this one are accepted: PostgreSQL's range is smaller than Java's. */
    static final OffsetDateTime LATEST = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private NotificationListingRequest() {
    }

    /** @throws InvalidNotificationRequestException naming every bad parameter */
    static NotificationQuery parse(String owner, String status, String channel, String userId, String since,
                                   String limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();

        NotificationStatus statusValue = null;
        if (present(status)) {
            try {
                statusValue = NotificationStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "must be one of " + Arrays.toString(NotificationStatus.values())));
            }
        }

        String channelValue = null;
        if (present(channel)) {
            channelValue = Channel.fromWireName(channel).filter(Channel::isNotificationChannel).map(Channel::wireName).orElse(null);
            if (channelValue == null) {
                errors.add(new FieldError("channel", "must be \"email\" or \"push\""));
            }
        }

        String userIdValue = null;
        if (present(userId)) {
            if (userId.length() > EmailRequestParser.MAX_USER_ID_LENGTH || !PRINTABLE.matcher(userId).matches()) {
                errors.add(new FieldError("user_id",
                        "must be 1.." + EmailRequestParser.MAX_USER_ID_LENGTH + " printable characters without spaces"));
            } else {
                userIdValue = userId;
            }
        }

        OffsetDateTime sinceValue = null;
        if (present(since)) {
            try {
                sinceValue = OffsetDateTime.parse(since);
                if (sinceValue.toInstant().isBefore(Instant.EPOCH) || !sinceValue.isBefore(LATEST)) {
                    errors.add(new FieldError("since", "is out of range: must be from 1970 to 9999"));
                    sinceValue = null;
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("since", "must be an ISO-8601 date-time with offset, e.g. 2025-11-13T10:30:00Z"));
            }
        }

        int limitValue = NotificationQuery.DEFAULT_LIMIT;
        if (present(limit)) {
            limitValue = -1;
            if (limit.length() <= 3 && limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
                limitValue = Integer.parseInt(limit);
            }
            if (limitValue < 1 || limitValue > NotificationQuery.MAX_LIMIT) {
                errors.add(new FieldError("limit", "must be an integer from 1 to " + NotificationQuery.MAX_LIMIT));
            }
        }

        NotificationQuery.Position after = null;
        if (present(cursor)) {
            after = NotificationCursor.decode(cursor).orElse(null);
            if (after == null) {
                errors.add(new FieldError("cursor", "is not a cursor of this listing; use next_cursor of the previous page as it is"));
            }
        }

        if (!errors.isEmpty()) {
            throw new InvalidNotificationRequestException(errors);
        }
        return new NotificationQuery(owner, statusValue, channelValue, userIdValue, sinceValue, after, limitValue);
    }

    private static boolean present(String parameter) {
        return parameter != null && !parameter.isEmpty();
    }
}
