package io.herald.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** Where the test server, its broker, database and SMTP port are (see prepare-test-domain.sh). */
final class ItEnvironment {

    static final int PORTBASE = Integer.getInteger("it.portbase", 28000);
    static final int HTTP_PORT = PORTBASE + 80;
    static final int JMS_PORT = PORTBASE + 76;
    static final int SMTP_PORT = PORTBASE + 25;
    /** Where the test domain sends push (prepare-test-domain.sh): the FcmServer a test runs. */
    static final int FCM_PORT = PORTBASE + 95;
    /** The service-account file the test domain reads (prepare-test-domain.sh); tests write it. */
    static final String FCM_CREDENTIALS_FILE = new java.io.File("target/fcm-it/service-account.json").getAbsolutePath();
    /** The SNS test server (SesWebhookIT): https on 127.0.0.1 with the TLS key prepare-test-domain.sh made and the domain trusts. */
    static final int SNS_PORT = PORTBASE + 96;
    static final String SNS_DIR = new java.io.File("target/sns-it").getAbsolutePath();
    /** The one SNS topic the test domain accepts (herald.ses.topic-arns). */
    static final String SES_TOPIC = "arn:aws:sns:eu-west-1:123456789012:herald-it-ses";
    static final String BASE_URL = "http://127.0.0.1:" + HTTP_PORT;
    /** The test domain signs every message with DKIM (prepare-test-domain.sh): d=, s= and the public key it made. */
    static final String DKIM_DOMAIN = "herald.local";
    static final String DKIM_SELECTOR = "it";
    static final String DKIM_PUBLIC_KEY_FILE = new java.io.File("target/dkim-it/public.pem").getAbsolutePath();
    static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/" + System.getProperty("it.db", "notification_test");
    static final String DB_USER = "notification";
    static final String DB_PASSWORD = "notification";
    /** The bootstrap admin key of the test domain (prepare-test-domain.sh). */
    static final String ADMIN_KEY = "hk_itadmin0_integration-test-admin-key-0123456789abcdef";

    /** Failed authentications one client address may make before 429 (prepare-test-domain.sh). */
    static final int AUTH_FAILURE_BURST = 40;

    private ItEnvironment() {
    }

    /** The EAR exactly as built by this module, deployed unchanged. */
    static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("it.ear")));
    }
}
