package io.vmnetdiag.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The VM asking for one neighbour (ARP who-has, IPv6 neighbour solicitation) and the answers handed to it.
 * A VM that keeps asking after answers were delivered is not reading what it receives.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NeighborLookup {
  @JsonPropertyDescription("The address the VM asked for.")
  private String address;

  @JsonPropertyDescription("Requests the VM sent for it.")
  private long requests;

  @JsonPropertyDescription("Answers for it that travelled towards the VM.")
  private long answers;

  @JsonPropertyDescription("Requests the VM sent again after the first answer had been handed to it.")
  private long requestsAfterAnswer;

  @JsonPropertyDescription("When the first answer travelled towards the VM (RFC 3339, microseconds).")
  private String firstAnswer;

  @JsonPropertyDescription("When the VM last asked (RFC 3339, microseconds).")
  private String lastRequest;

  public NeighborLookup() {
  }

  public NeighborLookup(String address, long requests, long answers, long requestsAfterAnswer) {
    this.address = address;
    this.requests = requests;
    this.answers = answers;
    this.requestsAfterAnswer = requestsAfterAnswer;
  }

  public String getAddress() { return address; }
  public void setAddress(String address) { this.address = address; }
  public long getRequests() { return requests; }
  public void setRequests(long requests) { this.requests = requests; }
  public long getAnswers() { return answers; }
  public void setAnswers(long answers) { this.answers = answers; }
  public long getRequestsAfterAnswer() { return requestsAfterAnswer; }
  public void setRequestsAfterAnswer(long requestsAfterAnswer) { this.requestsAfterAnswer = requestsAfterAnswer; }
  public String getFirstAnswer() { return firstAnswer; }
  public void setFirstAnswer(String firstAnswer) { this.firstAnswer = firstAnswer; }
  public String getLastRequest() { return lastRequest; }
  public void setLastRequest(String lastRequest) { this.lastRequest = lastRequest; }
}
